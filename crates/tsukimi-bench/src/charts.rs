//! charts: the two pictures of a run, as SVG (plotters with only its SVG backend, so the
//! build needs no fonts or system libraries; text is laid out with plotters' estimated
//! metrics and rendered by the viewer).
//!
//! - `warmup.svg`: one panel per program, iteration time (log scale) against iteration
//!   number, one line per engine — a JIT's warm-up shows as a falling line.
//! - `ratios.svg`: for each program, one horizontal bar per engine giving its time relative to
//!   lua5.4 on a log axis centred on 1 (left of the line is faster), plus the geometric mean.
//!
//! Each engine keeps the same colour in both charts (its index in the engine list).

use crate::report::{format_ratio, format_seconds};
use crate::summary::{SteadySeries, Table};
use plotters::prelude::*;
use std::path::Path;

const PALETTE: [RGBColor; 8] = [
    RGBColor(214, 39, 40),
    RGBColor(255, 127, 14),
    RGBColor(148, 103, 189),
    RGBColor(31, 119, 180),
    RGBColor(44, 160, 44),
    RGBColor(152, 223, 138),
    RGBColor(127, 127, 127),
    RGBColor(23, 23, 23),
];

/// The engine's colour: fixed for the known engines, so a chart reads the same from run to
/// run whichever columns exist; by column index for any other.
fn colour(engine: &str, index: usize) -> RGBColor {
    let fixed = match engine {
        "tsukimi" => 0,
        "tsukimi-joff" => 1,
        "tsukimi-jeager" => 2,
        "lua5.4" => 3,
        "luajit" => 4,
        "luajit-joff" => 5,
        "c-O2" => 6,
        "c-O3-native" => 7,
        _ => index,
    };
    PALETTE[fixed % PALETTE.len()]
}

fn plot_error<E: std::fmt::Debug>(error: E) -> String {
    format!("plotting failed: {error:?}")
}

/// Smallest time drawn on a log axis (a C kernel can report 0.000000 s).
const MIN_SECONDS: f64 = 1e-6;

/// Draws the warm-up chart of `series` (engines in `engines` order) into `path`.
pub fn warmup(path: &Path, engines: &[String], series: &[SteadySeries]) -> Result<(), String> {
    let mut programs: Vec<&str> = Vec::new();
    for s in series {
        if !programs.contains(&s.program.as_str()) {
            programs.push(&s.program);
        }
    }
    let columns = 4usize;
    let rows = programs.len().div_ceil(columns).max(1);
    let (width, height) = (1280u32, 60 + 230 * rows as u32);
    let root = SVGBackend::new(path, (width, height)).into_drawing_area();
    root.fill(&WHITE).map_err(plot_error)?;
    let (legend, grid) = root.split_vertically(60);
    draw_legend(
        &legend,
        engines,
        "Steady state: seconds per iteration (log scale) vs iteration",
    )?;
    let panels = grid.split_evenly((rows, columns));
    for (panel, program) in panels.iter().zip(&programs) {
        let mine: Vec<&SteadySeries> = series.iter().filter(|s| s.program == *program).collect();
        let all = mine
            .iter()
            .flat_map(|s| s.iteration_seconds.iter().copied());
        let low = all.clone().fold(f64::INFINITY, f64::min).max(MIN_SECONDS);
        let high = all.fold(0.0f64, f64::max).max(low * 1.5);
        let count = mine
            .iter()
            .map(|s| s.iteration_seconds.len())
            .max()
            .unwrap_or(1);
        let mut chart = ChartBuilder::on(panel)
            .caption(*program, ("sans-serif", 15))
            .margin(6)
            .x_label_area_size(22)
            .y_label_area_size(58)
            .build_cartesian_2d(
                0.5f64..count as f64 + 0.5,
                (low / 1.3..high * 1.3).log_scale(),
            )
            .map_err(plot_error)?;
        chart
            .configure_mesh()
            .x_labels(count.min(6))
            .y_labels(0)
            .y_label_formatter(&|_| String::new())
            .disable_y_mesh()
            .label_style(("sans-serif", 10))
            .x_label_formatter(&|x| format!("{x:.0}"))
            .draw()
            .map_err(plot_error)?;
        // Time ticks by hand, dense enough that narrow ranges still get two or more labels.
        let (axis_low, axis_high) = (low / 1.3, high * 1.3);
        for tick in ticks(axis_low, axis_high) {
            chart
                .draw_series(LineSeries::new(
                    vec![(0.5, tick), (count as f64 + 0.5, tick)],
                    BLACK.mix(0.12),
                ))
                .map_err(plot_error)?;
            let (x, y) = chart.backend_coord(&(0.5, tick));
            let label = format_seconds(tick);
            let width = 6 * label.len() as i32;
            root.draw(&Text::new(
                label,
                (x - width - 4, y - 5),
                ("sans-serif", 10).into_font(),
            ))
            .map_err(plot_error)?;
        }
        for s in mine {
            let index = engines.iter().position(|e| *e == s.engine).unwrap_or(0);
            let points: Vec<(f64, f64)> = s
                .iteration_seconds
                .iter()
                .enumerate()
                .map(|(i, t)| (i as f64 + 1.0, t.max(MIN_SECONDS)))
                .collect();
            let style = colour(&s.engine, index).stroke_width(2);
            chart
                .draw_series(LineSeries::new(points.clone(), style))
                .map_err(plot_error)?;
            chart
                .draw_series(
                    points
                        .iter()
                        .map(|p| Circle::new(*p, 2, colour(&s.engine, index).filled())),
                )
                .map_err(plot_error)?;
        }
    }
    root.present().map_err(plot_error)
}

/// A title and one coloured swatch per engine across the top of a chart.
fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    engines: &[String],
    title: &str,
) -> Result<(), String> {
    area.draw(&Text::new(
        title.to_string(),
        (10, 8),
        ("sans-serif", 18).into_font(),
    ))
    .map_err(plot_error)?;
    let mut x = 10i32;
    for (index, engine) in engines.iter().enumerate() {
        area.draw(&Rectangle::new(
            [(x, 38), (x + 14, 50)],
            colour(engine, index).filled(),
        ))
        .map_err(plot_error)?;
        area.draw(&Text::new(
            engine.clone(),
            (x + 18, 37),
            ("sans-serif", 13).into_font(),
        ))
        .map_err(plot_error)?;
        x += 30 + 8 * engine.len() as i32;
    }
    Ok(())
}

/// Draws the ratio bar chart of `table` against `reference` into `path`.
pub fn ratios(path: &Path, table: &Table, reference: &str) -> Result<(), String> {
    let shown: Vec<(usize, &String)> = table
        .engines
        .iter()
        .enumerate()
        .filter(|(_, e)| e.as_str() != reference)
        .collect();
    let mut labels: Vec<String> = table.rows.clone();
    labels.push("geometric mean".to_string());
    let row_count = labels.len();
    // bars[row] = (engine index, ratio)
    let mut bars: Vec<Vec<(usize, f64)>> = Vec::with_capacity(row_count);
    for row in 0..table.rows.len() {
        bars.push(
            shown
                .iter()
                .filter_map(|(i, e)| table.ratio(row, e, reference).map(|r| (*i, r)))
                .collect(),
        );
    }
    bars.push(
        shown
            .iter()
            .filter_map(|(i, e)| table.geomean_ratio(e, reference).map(|(m, _)| (*i, m)))
            .collect(),
    );
    let values = bars.iter().flatten().map(|(_, r)| *r);
    let low = values.clone().fold(1.0f64, f64::min) / 1.5;
    let high = values.fold(1.0f64, f64::max) * 1.5;

    let height = 90 + 26 * row_count as u32 + 6 * (row_count * shown.len()) as u32;
    let root = SVGBackend::new(path, (1100, height)).into_drawing_area();
    root.fill(&WHITE).map_err(plot_error)?;
    let (legend, body) = root.split_vertically(60);
    let title = format!("Time relative to {reference} (log scale; left of 1 is faster)");
    let engine_names: Vec<String> = table.engines.clone();
    draw_legend(&legend, &engine_names, &title)?;

    let centre = |row: usize| (row_count - row) as f64 - 0.5;
    let mut chart = ChartBuilder::on(&body)
        .margin(10)
        .x_label_area_size(30)
        .y_label_area_size(130)
        .build_cartesian_2d((low..high).log_scale(), 0f64..row_count as f64)
        .map_err(plot_error)?;
    chart
        .configure_mesh()
        .y_labels(0)
        .x_labels(0)
        .x_label_formatter(&|_| String::new())
        .disable_mesh()
        .draw()
        .map_err(plot_error)?;
    // Ticks by hand: plotters' log axis only labels powers of ten above the low end.
    for tick in ticks(low, high) {
        let colour = if tick == 1.0 {
            BLACK.mix(0.0)
        } else {
            BLACK.mix(0.15)
        };
        chart
            .draw_series(LineSeries::new(
                vec![(tick, 0.0), (tick, row_count as f64)],
                colour,
            ))
            .map_err(plot_error)?;
        let (x, y) = chart.backend_coord(&(tick, 0.0));
        let label = format_ratio(tick);
        let half_width = 3 * label.len() as i32;
        root.draw(&Text::new(
            label,
            (x - half_width, y + 8),
            ("sans-serif", 12).into_font(),
        ))
        .map_err(plot_error)?;
    }
    // Program names, drawn by hand at each row's centre in the label area (an f64 axis
    // cannot carry text labels).
    for (row, label) in labels.iter().enumerate() {
        let (_, y) = chart.backend_coord(&(low, centre(row)));
        root.draw(&Text::new(
            label.clone(),
            (14, y - 7),
            ("sans-serif", 13).into_font(),
        ))
        .map_err(plot_error)?;
    }
    let slots = shown.len().max(1) as f64;
    for (row, row_bars) in bars.iter().enumerate() {
        let top = centre(row) + 0.42;
        let step = 0.84 / slots;
        for (engine_index, value) in row_bars {
            let slot = shown
                .iter()
                .position(|(i, _)| i == engine_index)
                .unwrap_or(0) as f64;
            let y1 = top - slot * step;
            let y0 = y1 - step * 0.9;
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(1.0, y0), (*value, y1)],
                    colour(&table.engines[*engine_index], *engine_index).filled(),
                )))
                .map_err(plot_error)?;
        }
    }
    chart
        .draw_series(LineSeries::new(
            vec![(1.0, 0.0), (1.0, row_count as f64)],
            BLACK.stroke_width(1),
        ))
        .map_err(plot_error)?;
    root.present().map_err(plot_error)
}

/// Tick values 1, 2, 5 times powers of ten that fall in `low..=high` (both positive).
/// When that gives fewer than three, every digit 1..9 times powers of ten instead, and when
/// even that gives fewer than two (a range within one step), the two ends of the range.
fn ticks(low: f64, high: f64) -> Vec<f64> {
    if !(low > 0.0 && high > low && high.is_finite()) {
        return Vec::new();
    }
    let coarse = ticks_with_steps(low, high, &[1.0, 2.0, 5.0]);
    if coarse.len() >= 3 {
        return coarse;
    }
    let fine = ticks_with_steps(low, high, &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]);
    if fine.len() >= 2 {
        fine
    } else {
        vec![low, high]
    }
}

fn ticks_with_steps(low: f64, high: f64, steps: &[f64]) -> Vec<f64> {
    let mut ticks = Vec::new();
    let mut decade = 10f64.powi(low.log10().floor() as i32);
    while decade <= high && ticks.len() < 64 {
        for step in steps {
            let tick = decade * step;
            if tick >= low && tick <= high {
                ticks.push(tick);
            }
        }
        decade *= 10.0;
    }
    ticks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::Outcome;
    use crate::suite::{Phase, RunRecord};

    fn ok(program: &str, engine: &str, seconds: f64) -> RunRecord {
        RunRecord {
            phase: Phase::Timed,
            program: program.to_string(),
            engine: engine.to_string(),
            round: 1,
            size: 1,
            iterations: 1,
            outcome: Outcome::Ok {
                wall_seconds: seconds,
                peak_rss_kib: 1,
                iteration_seconds: Vec::new(),
                verified: true,
            },
        }
    }

    #[test]
    fn ticks_follow_one_two_five() {
        let t = ticks(0.03, 3.0);
        assert_eq!(t.len(), 6);
        assert!((t[0] - 0.05).abs() < 1e-12 && (t[5] - 2.0).abs() < 1e-12);
        assert!(ticks(0.0, 1.0).is_empty());
        assert!(ticks(0.07, 0.13).len() >= 3); // only 0.1 is a 1-2-5 tick: digits used
        assert_eq!(ticks(0.071, 0.079), vec![0.071, 0.079]);
        assert!(ticks(2.0, 1.0).is_empty());
    }

    #[test]
    fn charts_are_written_as_svg() {
        let dir = std::env::temp_dir().join(format!("tsukimi-bench-charts-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let engines: Vec<String> = ["tsukimi", "lua5.4", "luajit"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let records = vec![
            ok("fib", "lua5.4", 1.0),
            ok("fib", "luajit", 0.1),
            ok("nbody", "lua5.4", 2.0),
        ];
        let table = Table::build(
            &["fib".to_string(), "nbody".to_string()],
            &engines,
            &records,
            Phase::Timed,
        );
        ratios(&dir.join("ratios.svg"), &table, "lua5.4").unwrap();
        let series = vec![
            SteadySeries {
                program: "fib".into(),
                engine: "luajit".into(),
                iteration_seconds: vec![0.3, 0.1, 0.1],
            },
            SteadySeries {
                program: "fib".into(),
                engine: "lua5.4".into(),
                iteration_seconds: vec![1.0, 1.0, 0.0],
            },
        ];
        warmup(&dir.join("warmup.svg"), &engines, &series).unwrap();
        for name in ["ratios.svg", "warmup.svg"] {
            let text = std::fs::read_to_string(dir.join(name)).unwrap();
            assert!(text.starts_with("<svg"), "{name}");
            assert!(text.contains("fib"), "{name}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
