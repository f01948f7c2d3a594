package main

import (
	"fmt"
	"image/color"
	"os"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/awsretry/awsretry/bench/sim"
)

var palette = []color.Color{
	color.RGBA{R: 220, G: 130, B: 40, A: 255},
	color.RGBA{R: 60, G: 100, B: 170, A: 255},
	color.RGBA{R: 120, G: 120, B: 120, A: 255},
	color.RGBA{R: 60, G: 160, B: 90, A: 255},
}

// drawStep saves a PNG of scenario 3: goodput and attempts a second in
// 100 ms bins, one line per strategy, one seed.
func drawStep(path string, names []string, bins map[string][]sim.Bin, seed uint64) error {
	good, att := plot.New(), plot.New()
	good.Title.Text = fmt.Sprintf("Capacity step 2000 → 500 → 2000/s: goodput (virtual time, seed %d)", seed)
	att.Title.Text = "Attempts a second (requests the server saw)"
	for _, p := range []*plot.Plot{good, att} {
		p.X.Label.Text = "time (s)"
		p.Y.Label.Text = "per second"
		p.Legend.Top = true
		p.Add(plotter.NewGrid())
	}
	for i, name := range names {
		g, a := make(plotter.XYs, len(bins[name])), make(plotter.XYs, len(bins[name]))
		for j, b := range bins[name] {
			x := float64(j)/10 + 0.05
			g[j] = plotter.XY{X: x, Y: float64(b.Successes) * 10}
			a[j] = plotter.XY{X: x, Y: float64(b.Attempts) * 10}
		}
		for _, pair := range []struct {
			p   *plot.Plot
			xys plotter.XYs
		}{{good, g}, {att, a}} {
			l, err := plotter.NewLine(pair.xys)
			if err != nil {
				return err
			}
			l.Color = palette[i%len(palette)]
			l.Width = vg.Points(1.5)
			pair.p.Add(l)
			pair.p.Legend.Add(name, l)
		}
	}
	const w, h = 28 * vg.Centimeter, 20 * vg.Centimeter
	img := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(100))
	dc := draw.New(img)
	good.Draw(draw.Crop(dc, 0, 0, h/2, 0))
	att.Draw(draw.Crop(dc, 0, 0, 0, -h/2))
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
