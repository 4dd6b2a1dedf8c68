namespace ScaleLab.Reports.Html;

/// <summary>
/// The report's one stylesheet, inline: system fonts only (no font file to fetch), a light and a dark palette chosen
/// by <c>prefers-color-scheme</c>, and a print layout (one chart per row, no backgrounds, no page break inside a chart).
/// The eight chart colours are CSS variables, so that one quantity has one colour in every chart and theme.
/// </summary>
internal static class ReportStyle
{
    public const string Css = """
:root {
  --bg: #ffffff; --fg: #1d2330; --muted: #5b6475; --rule: #d9dde5; --panel: #f5f7fa; --grid: #e6e9ef;
  --good: #1a7f37; --good-bg: #e9f6ec; --warn: #9a6700; --warn-bg: #fff6dd; --bad: #c62828; --bad-bg: #fdecec;
  --c0: #2563eb; --c1: #d9480f; --c2: #7c3aed; --c3: #c2255c; --c4: #0f9d58; --c5: #0891b2; --c6: #a16207; --c7: #6b7280;
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #12151b; --fg: #e6e9ef; --muted: #9aa3b2; --rule: #2c323d; --panel: #1a1f27; --grid: #262c36;
    --good: #4ade80; --good-bg: #12291b; --warn: #facc15; --warn-bg: #2b2610; --bad: #f87171; --bad-bg: #2e1517;
    --c0: #60a5fa; --c1: #fb923c; --c2: #a78bfa; --c3: #f472b6; --c4: #34d399; --c5: #22d3ee; --c6: #eab308; --c7: #9ca3af;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
header.page, main, footer.page { max-width: 1180px; margin: 0 auto; padding: 0 20px; }
header.page { padding-top: 18px; border-bottom: 1px solid var(--rule); }
header.page h1 { font-size: 20px; margin: 0 0 4px; }
header.page p { margin: 0 0 12px; color: var(--muted); }
nav.toc ul { list-style: none; padding: 0; margin: 0 0 12px; display: flex; flex-wrap: wrap; gap: 6px 18px; }
a { color: var(--c0); }
section.result { padding: 18px 0 28px; border-bottom: 1px solid var(--rule); }
section.result > h2 { font-size: 18px; margin: 0 0 10px; overflow-wrap: anywhere; }
section.result h3 { font-size: 15px; margin: 22px 0 8px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
.kind { display: inline-block; font-size: 12px; padding: 1px 8px; border-radius: 10px; background: var(--panel); border: 1px solid var(--rule); margin-right: 8px; vertical-align: 2px; }
.verdict { border-left: 5px solid var(--c7); background: var(--panel); padding: 10px 16px; border-radius: 4px; }
.verdict.good { border-color: var(--good); background: var(--good-bg); }
.verdict.warn { border-color: var(--warn); background: var(--warn-bg); }
.verdict.bad { border-color: var(--bad); background: var(--bad-bg); }
.verdict .headline { font-size: 17px; font-weight: 600; margin: 0 0 4px; }
.verdict p { margin: 4px 0; }
.verdict ul { margin: 6px 0; padding-left: 20px; }
.verdict .label { font-weight: 600; }
.verdict ul.notes { font-size: 13px; color: var(--muted); }
dl.tiles { display: flex; flex-wrap: wrap; gap: 10px; margin: 14px 0; }
dl.tiles .tile { background: var(--panel); border: 1px solid var(--rule); border-radius: 6px; padding: 6px 12px; min-width: 110px; }
dl.tiles dt { font-size: 12px; color: var(--muted); }
dl.tiles dd { margin: 0; font-size: 18px; font-weight: 600; font-variant-numeric: tabular-nums; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 14px; margin: 10px 0; }
.charts.wide { grid-template-columns: minmax(0, 860px); }
figure.chart-figure { margin: 0; background: var(--panel); border: 1px solid var(--rule); border-radius: 6px; padding: 10px 12px 6px; break-inside: avoid; }
.chart-title { font-weight: 600; font-size: 14px; }
ul.legend { list-style: none; margin: 4px 0; padding: 0; display: flex; flex-wrap: wrap; gap: 2px 14px; font-size: 12px; color: var(--muted); }
.swatch { display: inline-block; width: 16px; height: 0; border-top: 3px solid currentColor; margin-right: 5px; vertical-align: middle; }
.swatch.dashed { border-top-style: dashed; }
.swatch.band { height: 10px; border: 0; background: currentColor; opacity: .3; }
.swatch.marker-swatch { border-top: 2px dotted currentColor; }
svg.chart { width: 100%; height: auto; display: block; font-size: 11px; }
svg.chart .grid line { stroke: var(--grid); stroke-width: 1; }
svg.chart .frame { fill: none; stroke: var(--rule); }
svg.chart text { fill: var(--muted); }
svg.chart .axis-label { font-size: 12px; }
svg.chart .line { fill: none; stroke: currentColor; stroke-width: 2; stroke-linejoin: round; }
svg.chart .line.dashed { stroke-dasharray: 6 4; stroke-width: 1.6; }
svg.chart .line.highlight { stroke-width: 4; }
svg.chart .band { fill: currentColor; fill-opacity: .18; stroke: none; }
svg.chart .bar { fill: currentColor; fill-opacity: .8; }
svg.chart .bar.highlight { fill-opacity: 1; stroke: var(--fg); stroke-width: 1; }
svg.chart .dot { fill: currentColor; stroke: var(--bg); stroke-width: 1; }
svg.chart .dot.highlight { stroke: var(--fg); stroke-width: 2; }
svg.chart .hit { fill: transparent; stroke: none; }
svg.chart .marker { stroke: currentColor; stroke-width: 1.5; stroke-dasharray: 2 3; }
svg.chart .marker-label { font-size: 11px; fill: var(--fg); }
.c0 { color: var(--c0); } .c1 { color: var(--c1); } .c2 { color: var(--c2); } .c3 { color: var(--c3); }
.c4 { color: var(--c4); } .c5 { color: var(--c5); } .c6 { color: var(--c6); } .c7 { color: var(--c7); }
.caption { font-size: 12px; color: var(--muted); margin: 4px 0; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-size: 13px; font-variant-numeric: tabular-nums; }
table.data-table { width: 100%; margin: 6px 0; }
table.data-table caption { text-align: left; color: var(--muted); font-size: 12px; padding-bottom: 4px; }
table.data-table th, table.data-table td { padding: 4px 10px; border-bottom: 1px solid var(--rule); text-align: right; white-space: nowrap; }
table.data-table thead th { color: var(--muted); font-weight: 600; }
table.data-table thead th:first-child { text-align: left; }
table.data-table tbody th { text-align: left; font-weight: 500; white-space: normal; overflow-wrap: anywhere; }
table.data-table tr.bottleneck { background: var(--bad-bg); font-weight: 600; }
table.data-table tr.failed { color: var(--bad); }
table.data-table tr.chosen { background: var(--good-bg); font-weight: 600; }
table.settings th { text-align: left; font-weight: 500; color: var(--muted); padding: 2px 16px 2px 0; vertical-align: top; white-space: nowrap; }
table.settings td { padding: 2px 0; overflow-wrap: anywhere; }
pre.command { background: var(--panel); border: 1px solid var(--rule); border-radius: 4px; padding: 8px 10px; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 13px; }
.warnings li { color: var(--warn); }
.columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 8px 28px; }
footer.page { color: var(--muted); font-size: 12px; padding: 14px 20px 30px; }
@media print {
  :root { --bg: #fff; --fg: #000; --panel: #fff; --muted: #333; }
  body { font-size: 11pt; }
  .charts { grid-template-columns: 1fr; }
  nav.toc { display: none; }
  section.result { break-before: page; border: 0; }
  section.result:first-of-type { break-before: auto; }
  figure.chart-figure, table, .verdict { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
""";
}
