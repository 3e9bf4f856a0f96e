// The report's stylesheet, inlined into report.html (the file must stand alone).
#pragma once

namespace tcpfault::report {

inline constexpr const char* kHtmlStyle = R"CSS(
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px; color: #1d1d1f; background: #fafafa; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 0; display: inline; }
.totals { margin: 0 0 18px; color: #444; }
table { border-collapse: collapse; background: #fff; }
th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
.badge { display: inline-block; min-width: 44px; text-align: center; border-radius: 3px;
         padding: 0 6px; color: #fff; font-weight: 600; font-size: 12px; }
.pass { background: #1a7f37; } .fail { background: #cf222e; } .skip { background: #9a6700; }
.error { background: #8250df; } .warn { background: #bf8700; }
table.card td small { color: #444; }
section.run { margin: 14px 0; background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 8px 12px; }
section.run summary { cursor: pointer; }
.meta { color: #555; margin: 6px 0; }
.message { color: #cf222e; font-weight: 600; margin: 6px 0; }
table.steps td { font-size: 13px; }
tr.failed td { background: #ffebe9; }
tr.failed td.outcome { color: #cf222e; font-weight: 700; }
tr.fault td { background: #fff4e0; }
tr.skipped td { color: #888; }
.ladder { background: #fff; border: 1px solid #eee; margin-top: 10px; max-width: 100%; height: auto; }
.ladder .host { font: 600 14px system-ui, sans-serif; }
.ladder .lifeline { stroke: #888; stroke-width: 1.5; }
.ladder .seg line { stroke-width: 1.6; }
.ladder .label { font: 12px ui-monospace, Menlo, Consolas, monospace; paint-order: stroke;
                 stroke: #fff; stroke-width: 4px; stroke-linejoin: round; }
.ladder .time { font: 11px ui-monospace, Menlo, Consolas, monospace; fill: #666; }
.ladder .fault rect { fill: #ffe2b8; fill-opacity: 0.75; stroke: #e0a040; }
.ladder .faulttext { font: 600 12px system-ui, sans-serif; fill: #7a4100; }
.ladder .failmark line { stroke: #cf222e; stroke-width: 2; stroke-dasharray: 8 4; }
.ladder .failtext { font: 700 12px system-ui, sans-serif; fill: #cf222e; paint-order: stroke;
                    stroke: #fff; stroke-width: 4px; }
.ladder .failtime { fill: #cf222e; font-weight: 700; }
.ladder .more { font: italic 13px system-ui, sans-serif; fill: #555; }
pre.log { background: #f6f8fa; padding: 8px; overflow-x: auto; max-height: 320px; }
)CSS";

}  // namespace tcpfault::report
