package main

import (
	"fmt"
	"image/color"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Bar colours: awsretry as it is, the SDK's retryers, and experiments.
var (
	proxyColor = color.RGBA{R: 60, G: 100, B: 170, A: 255}
	sdkColor   = color.RGBA{R: 220, G: 130, B: 40, A: 255}
	extraColor = color.RGBA{R: 60, G: 150, B: 80, A: 255}
	goalColor  = color.RGBA{R: 200, G: 40, B: 40, A: 255}
)

// drawPlot saves a PNG of two horizontal bar charts side by side, one bar
// per strategy, table order top to bottom: completion time / ideal, and
// attempts per success. Each bar carries its value; a dashed red line marks
// the goal (1.3× and 1.5).
func drawPlot(path string, rows []row) error {
	times := make([]float64, len(rows))
	atts := make([]float64, len(rows))
	names := make([]string, len(rows))
	colors := make([]color.Color, len(rows))
	for i, r := range rows {
		times[i], atts[i] = r.TimeRatio, r.AttPerOK
		names[i], colors[i] = r.Name, proxyColor
		switch {
		case r.Extra:
			names[i], colors[i] = "extra: "+r.Name, extraColor
		case strings.HasPrefix(r.Name, "SDK"):
			colors[i] = sdkColor
		}
		if r.GaveUp > 0 {
			names[i] += fmt.Sprintf(" (%d gave up)", r.GaveUp)
		}
	}
	left, err := barChart("Completion time / ideal (goal ≤ 1.3)", "× ideal", times, colors, names, 1.3, "%.2f×")
	if err != nil {
		return err
	}
	right, err := barChart("Attempts per success (goal ≤ 1.5)", "HTTP requests / successful requests", atts, colors, nil, 1.5, "%.2f")
	if err != nil {
		return err
	}
	const w, h = 32 * vg.Centimeter, 17 * vg.Centimeter
	img := vgimgNew(w, h)
	dc := draw.New(img)
	// The left chart carries the strategy names, so it gets more width.
	const split = 0.6
	left.Draw(draw.Crop(dc, 3*vg.Millimeter, -w*(1-split), 0, -3*vg.Millimeter))
	right.Draw(draw.Crop(dc, w*split+5*vg.Millimeter, -5*vg.Millimeter, 0, -3*vg.Millimeter))
	return savePNG(img, path)
}

// barChart is a horizontal bar chart of v, the first value on top, each bar
// in its colour and labelled with format, and a dashed line at goal. names,
// when not nil, label the Y axis.
func barChart(title, xLabel string, v []float64, colors []color.Color, names []string, goal float64, format string) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = xLabel
	n := len(v)
	// plotter draws index 0 at the bottom, so row i goes at y = n-1-i. One
	// bar chart per row, so that each can have its own colour.
	hi := goal
	labels := plotter.XYLabels{XYs: make(plotter.XYs, n), Labels: make([]string, n)}
	for i := range v {
		vals := make(plotter.Values, n)
		vals[n-1-i] = v[i]
		bars, err := plotter.NewBarChart(vals, vg.Points(12))
		if err != nil {
			return nil, err
		}
		bars.Horizontal = true
		bars.Color = colors[i]
		bars.LineStyle.Width = 0
		p.Add(bars)
		hi = max(hi, v[i])
		labels.XYs[i] = plotter.XY{X: v[i], Y: float64(n - 1 - i)}
		labels.Labels[i] = " " + fmt.Sprintf(format, v[i])
	}
	values, err := plotter.NewLabels(labels)
	if err != nil {
		return nil, err
	}
	for i := range values.TextStyle {
		values.TextStyle[i].YAlign = -0.5
		values.TextStyle[i].Font.Size = vg.Points(8)
	}
	p.Add(values)
	line, err := plotter.NewLine(plotter.XYs{{X: goal, Y: -0.6}, {X: goal, Y: float64(n) - 0.4}})
	if err != nil {
		return nil, err
	}
	line.Color = goalColor
	line.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	line.Width = vg.Points(1.5)
	p.Add(line)
	p.X.Min, p.X.Max = 0, hi*1.15
	p.Add(plotter.NewGrid())
	ynames := make([]string, n)
	for i, name := range names {
		ynames[n-1-i] = name
	}
	p.NominalY(ynames...)
	p.Y.Tick.Label.Font.Size = vg.Points(9)
	return p, nil
}
