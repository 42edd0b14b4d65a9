package io.mm2dr.kafka;

/** The drill report page's style sheet, inline in the page (system fonts only, nothing loaded). */
final class DrillReportStyle {
    private DrillReportStyle() {
    }

    static final String CSS = """
            :root{--ink:#1d2330;--muted:#5d6678;--line:#e3e7ef;--bg:#f5f7fb;--card:#fff;--loss:#d64545;--rec:#3a6fd8;--ok:#2e9d5b;--re:#d9962b}
            *{box-sizing:border-box}
            body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
            main{max-width:1180px;margin:0 auto;padding:28px 28px 40px}
            header h1{margin:0;font-size:28px;letter-spacing:-.01em}
            header .sub{margin:4px 0 22px;color:var(--muted)}
            h2{margin:0 0 6px;font-size:18px}
            section{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:18px 20px;margin:0 0 18px;
              box-shadow:0 1px 2px rgba(20,30,60,.04)}
            .figures{display:grid;grid-template-columns:repeat(4,minmax(0,1fr));gap:14px;background:none;border:0;padding:0;box-shadow:none}
            .card{background:var(--card);border:1px solid var(--line);border-left:6px solid var(--muted);border-radius:12px;padding:14px 16px}
            .card .label{color:var(--muted);font-size:13px;text-transform:uppercase;letter-spacing:.06em;font-weight:600}
            .card .value{font-size:34px;font-weight:700;line-height:1.15;margin:6px 0 4px;font-variant-numeric:tabular-nums}
            .card .value small{font-size:15px;font-weight:600;color:var(--muted)}
            .card .note{color:var(--muted);font-size:13px}
            .card.loss{border-left-color:var(--loss)} .card.loss .value{color:var(--loss)}
            .card.recovery{border-left-color:var(--rec)} .card.recovery .value{color:var(--rec)}
            .card.good{border-left-color:var(--ok)} .card.good .value{color:var(--ok)}
            .card.reread{border-left-color:var(--re)} .card.reread .value{color:#b8730c}
            .card.unknown .value{color:var(--muted);font-size:26px}
            .caption{color:var(--muted);margin:0 0 10px;font-size:14px}
            .empty{color:var(--muted);font-style:italic;margin:6px 0}
            svg.chart{display:block;width:100%;height:auto;margin:4px 0 12px;font-family:inherit}
            svg .axis{stroke:#9aa3b5;stroke-width:2} svg .tick{stroke:#9aa3b5} svg .scale{fill:var(--muted);font-size:13px}
            svg .leader{stroke-width:1.5;stroke-dasharray:3 3}
            svg .label{fill:var(--ink);font-size:15px;font-weight:600} svg .when{fill:var(--muted);font-size:13px}
            svg .legend{fill:var(--muted);font-size:13px}
            svg .track{fill:#eef1f6} svg .value{fill:var(--ink);font-size:15px;font-weight:600}
            svg.bars .label{font-weight:500}
            svg .inbar{fill:#fff;font-size:16px;font-weight:700}
            table{width:100%;border-collapse:collapse;font-size:14px;font-variant-numeric:tabular-nums}
            th{text-align:left;color:var(--muted);font-weight:600;font-size:12px;text-transform:uppercase;letter-spacing:.05em;
              border-bottom:2px solid var(--line);padding:6px 8px}
            td{border-bottom:1px solid var(--line);padding:6px 8px;word-break:break-word}
            .n{text-align:right;white-space:nowrap}
            tr.lost td:first-child{font-weight:600}
            tr.mismatch td{background:#fdecec} tr.mismatch td:first-child{box-shadow:inset 4px 0 0 var(--loss)}
            .ok{color:var(--ok);font-weight:600} .bad{color:#b32d2d;font-weight:700}
            .swatch{display:inline-block;width:11px;height:11px;border-radius:3px;margin-right:8px;vertical-align:-1px}
            table.events{margin-top:4px} table.events td{padding:4px 8px}
            footer{color:var(--muted);font-size:13px;text-align:center;margin-top:8px}
            code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.92em;background:#eef1f6;padding:1px 5px;border-radius:4px}
            @media (max-width:900px){.figures{grid-template-columns:repeat(2,minmax(0,1fr))}}
            @media print{body{background:#fff}section,.card{box-shadow:none}}
            """;
}
