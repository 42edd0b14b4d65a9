package io.mm2dr.kafka;

import static io.mm2dr.kafka.DrillReportSample.GROUP;
import static io.mm2dr.kafka.DrillReportSample.HOSTILE_GROUP;
import static io.mm2dr.kafka.DrillReportSample.HOSTILE_TOPIC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;

/**
 * The drill report's HTML page, parsed: self-contained (nothing it would load from anywhere, no
 * script), the key figures with the record's values, and every name from the record escaped.
 * {@code DrillReportBrowserTest} (mvn -B verify -Pbrowser) checks the same page in a real browser.
 */
class DrillReportHtmlTest {
    private final String html = DrillReportSample.html();
    private final Document doc = Jsoup.parse(html);

    @Test
    void nothingIsLoadedFromAnywhere() {
        assertTrue(doc.select("link, script, iframe, object, embed, img, base, audio, video, source").isEmpty(),
                "no element that loads or runs anything: " + doc.select("link, script, iframe, object, embed, img, base"));
        for (Element e : doc.getAllElements()) {
            for (Attribute a : e.attributes()) {
                String key = a.getKey().toLowerCase(java.util.Locale.ROOT);
                assertFalse(key.equals("src") || key.endsWith("href") || key.startsWith("on") || key.equals("srcset"),
                        "<" + e.tagName() + " " + a + ">: nothing to load, no handler");
            }
        }
        String style = doc.select("style").html().toLowerCase(java.util.Locale.ROOT);
        assertFalse(style.contains("url(") || style.contains("@import") || style.contains("http") || style.contains("@font-face"), style);
        assertFalse(html.toLowerCase(java.util.Locale.ROOT).matches("(?s).*(https?:|[\"'(=]//).*"), "no address anywhere in the page");
        assertEquals("default-src 'none'; style-src 'unsafe-inline'",
                doc.selectFirst("meta[http-equiv=Content-Security-Policy]").attr("content"), "the browser refuses to load anything");
        assertFalse(doc.select("svg").isEmpty(), "the pictures are inline SVG");
    }

    static String figure(Document doc, String id) {
        Element card = doc.getElementById(id);
        assertNotNull(card, id);
        return card.selectFirst(".value").text();
    }

    @Test
    void theKeyFiguresHaveTheRecordsValues() {
        assertEquals("37 records", figure(doc, "fig-data-lost"));
        assertEquals("the last 11.2 s of events, 2 topics", doc.selectFirst("#fig-data-lost .note").text());
        assertEquals("83 s", figure(doc, "fig-rto"));
        assertEquals("3 / 4 partitions", figure(doc, "fig-proven"));
        assertEquals("40 records", figure(doc, "fig-read-twice"));

        // data lost per topic: the table and the bars
        assertEquals(List.of("LH.ORDERS", "30", "11.2", "200", "170"), row(doc.selectFirst("#data-lost tr[data-topic=LH.ORDERS]")));
        assertEquals(List.of("LH.PAYMENTS", "0", "0", "50", "50"), row(doc.selectFirst("#data-lost tr[data-topic=LH.PAYMENTS]")));
        assertTrue(doc.select("#data-lost svg text").eachText().contains("30 records \u00b7 11.2 s"), doc.select("#data-lost svg text").eachText().toString());

        // the recovery by step: 45 s to the restore proven, 38 s to the applications resumed
        Elements steps = doc.select("#recovery tr.step");
        assertEquals(2, steps.size(), steps.toString());
        assertEquals(List.of("recreate the primary and restore its data", "restore proven", "45", "54 %"), row(steps.get(0)));
        assertEquals(List.of("restore the positions, resume the applications", "applications resumed", "38", "46 %"), row(steps.get(1)));

        // the restore proof: one row a partition, the difference highlighted and said
        assertEquals(4, doc.select("#restore-proof tbody tr").size());
        Elements mismatches = doc.select("#restore-proof tr.mismatch");
        assertEquals(1, mismatches.size(), mismatches.toString());
        assertEquals(List.of(HOSTILE_TOPIC, "0", "7", "3", "4", "0", "\u2717 missing record at position 3"), row(mismatches.first()));
        assertFalse(html.contains("secret-looking content"), "never a record's contents");

        // records read twice per group
        assertEquals(List.of(GROUP, "40"), row(doc.select("#read-twice tbody tr").stream().filter(r -> r.attr("data-group").equals(GROUP)).findFirst().orElseThrow()));
        assertEquals(List.of(HOSTILE_GROUP, "0"), row(doc.select("#read-twice tbody tr").stream()
                .filter(r -> r.attr("data-group").equals(HOSTILE_GROUP)).findFirst().orElseThrow()));

        // the timeline: every drill event, seconds from the loss
        List<String> labels = doc.select("#timeline svg text.label").eachText();
        assertTrue(labels.containsAll(List.of("region lost", "recreation started", "restore proven", "applications resumed")), labels.toString());
        assertTrue(doc.select("#timeline svg text.when").eachText().containsAll(List.of("+0 s", "+19 s", "+1 min 4 s", "+1 min 42 s")),
                doc.select("#timeline svg text.when").eachText().toString());
    }

    static List<String> row(Element tr) {
        assertNotNull(tr);
        return tr.select("td").eachText();
    }

    @Test
    void hostileNamesAreEscaped() {
        assertFalse(html.contains("<script>alert"), "the topic's name is text, not a script");
        assertFalse(html.contains("<img src=x"), "the group's name is text, not an image");
        assertTrue(doc.select("script, img").isEmpty());
        assertTrue(doc.select("td").eachText().contains(HOSTILE_TOPIC), "shown as it is");
        assertTrue(doc.select("td").eachText().contains(HOSTILE_GROUP), "shown as it is");
        assertEquals(HOSTILE_TOPIC, doc.selectFirst("#data-lost tr.lost[data-topic^=<script>]").attr("data-topic"), "attributes too");
    }

    @Test
    void aDrillInProgressAndAnEmptyRecord() {
        DrillRecord record = DrillRecord.empty();
        record.mark(DrillRecord.REGION_LOST, java.time.Instant.parse("2026-11-29T10:00:01Z"), Map.of());
        record.mark(DrillRecord.RECREATION_STARTED, java.time.Instant.parse("2026-11-29T10:00:20Z"), Map.of());
        Document progress = Jsoup.parse(DrillReportHtml.render(record.report("r.json", DrillReportSample.NOW), DrillReportSample.NOW));
        assertEquals("280 s", figure(progress, "fig-rto"), "so far: 10:00:20 to 10:05:00");
        assertEquals("Recovery time so far", progress.selectFirst("#fig-rto .label").text());
        assertEquals("unknown", figure(progress, "fig-data-lost"));
        assertEquals("not yet", figure(progress, "fig-proven"));
        assertEquals("unknown", figure(progress, "fig-read-twice"));
        assertEquals(List.of("in progress", "now", "280", "100 %"), row(progress.selectFirst("#recovery tr.step")));

        Document empty = Jsoup.parse(DrillReportHtml.render(DrillRecord.empty().report("r.json", DrillReportSample.NOW), DrillReportSample.NOW));
        assertEquals("not started", figure(empty, "fig-rto"));
        assertEquals("No event recorded yet.", empty.selectFirst("#timeline .empty").text());
    }

    @Test
    void theSummaryIsOneLine() {
        assertEquals("data lost: 37 record(s) (11.2 s); recovery: 83 s; restore proven: 3/4 partitions; read twice: 40 record(s)",
                DrillReportSample.report().summary());
    }
}
