package main

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// drawFleet saves a PNG of the run's successes and attempts a second, per
// 100 ms, with C and the outage marked.
func drawFleet(path string, r *run, rate float64) error {
	if r == nil {
		return fmt.Errorf("no kill-and-restart run to draw")
	}
	p := plot.New()
	p.Title.Text = fmt.Sprintf("%d processes × %d workers, %s", r.size.Procs, r.size.Workers, r.row.Name)
	p.X.Label.Text = "seconds"
	p.Y.Label.Text = "per second"
	ok, att := make(plotter.XYs, len(r.bins)), make(plotter.XYs, len(r.bins))
	for i, b := range r.bins {
		x := (float64(i) + 0.5) * bin.Seconds()
		att[i] = plotter.XY{X: x, Y: float64(b[0]) / bin.Seconds()}
		ok[i] = plotter.XY{X: x, Y: float64(b[1]) / bin.Seconds()}
	}
	for _, l := range []struct {
		name string
		xy   plotter.XYs
		c    color.RGBA
	}{
		{"attempts", att, color.RGBA{R: 220, G: 130, B: 40, A: 255}},
		{"successes (goodput)", ok, color.RGBA{R: 60, G: 100, B: 170, A: 255}},
		{"C", plotter.XYs{{X: 0, Y: rate}, {X: float64(len(r.bins)) * bin.Seconds(), Y: rate}}, color.RGBA{R: 120, G: 120, B: 120, A: 255}},
	} {
		line, err := plotter.NewLine(l.xy)
		if err != nil {
			return err
		}
		line.Color = l.c
		p.Add(line)
		p.Legend.Add(l.name, line)
	}
	for _, x := range []float64{4, 7} {
		mark, err := plotter.NewLine(plotter.XYs{{X: x, Y: 0}, {X: x, Y: 2 * rate}})
		if err != nil {
			return err
		}
		mark.Color, mark.Dashes = color.RGBA{R: 200, G: 40, B: 40, A: 255}, []vg.Length{vg.Points(4), vg.Points(4)}
		p.Add(mark)
	}
	p.Legend.Top = true
	return p.Save(24*vg.Centimeter, 12*vg.Centimeter, path)
}
