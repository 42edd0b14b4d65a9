package io.mm2dr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Runs the command line as {@code java -jar runner.jar} does ({@link Main#run}) with both reports,
 * and checks the reports as strict CI tools read them: the JUnit XML against the Jenkins xunit
 * plugin's {@code junit-10.xsd} (with the JDK's validator) and its counts against its test cases,
 * the JSON report for its schema version and exit code.
 */
final class ReportChecks {
    private static final Schema SCHEMA = schema();

    private ReportChecks() {
    }

    /** A run: exit code, console, and both reports as written. */
    record Reports(int exitCode, String out, String err, String junit, String jsonText, Map<String, Object> json) {
        String all() {
            return out + "\n" + err + "\n" + junit + "\n" + jsonText;
        }

        /** The failure messages of the JUnit report, in order. */
        List<String> failureMessages() {
            List<String> messages = new ArrayList<>();
            NodeList failures = parse(junit).getElementsByTagName("failure");
            for (int i = 0; i < failures.getLength(); i++) {
                messages.add(((Element) failures.item(i)).getAttribute("message"));
            }
            return messages;
        }

        /** The test case names of the JUnit report, in order. */
        List<String> caseNames() {
            List<String> names = new ArrayList<>();
            NodeList cases = parse(junit).getElementsByTagName("testcase");
            for (int i = 0; i < cases.getLength(); i++) {
                names.add(((Element) cases.item(i)).getAttribute("name"));
            }
            return names;
        }
    }

    private static Schema schema() {
        URL xsd = ReportChecks.class.getResource("/junit/junit-10.xsd");
        if (xsd == null) {
            throw new AssertionError("missing test resource junit/junit-10.xsd");
        }
        try {
            return SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(xsd);
        } catch (SAXException e) {
            throw new AssertionError("junit-10.xsd does not load: " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code runner --report-json DIR/report.json --report-junit DIR/report.xml [--color never]
     * ARGS...} ({@code reportsFirst} false: the report options after the arguments) and checks
     * that both reports are there and valid for the exit code.
     */
    @SuppressWarnings("unchecked")
    static Reports run(Path dir, boolean reportsFirst, String... args) throws IOException {
        Path json = dir.resolve("report.json");
        Path junit = dir.resolve("report.xml");
        Files.deleteIfExists(json);
        Files.deleteIfExists(junit);
        List<String> reportArgs = new ArrayList<>(List.of("--report-json", json.toString(), "--report-junit", junit.toString()));
        if (!List.of(args).contains("--color")) {
            reportArgs.addAll(List.of("--color", "never"));
        }
        List<String> all = new ArrayList<>();
        if (reportsFirst) {
            all.addAll(reportArgs);
        }
        all.addAll(List.of(args));
        if (!reportsFirst) {
            all.addAll(reportArgs);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                false, all.toArray(String[]::new));
        String console = out.toString(StandardCharsets.UTF_8) + "\n" + err.toString(StandardCharsets.UTF_8);
        assertTrue(Files.isRegularFile(junit), "exit " + code + " wrote no JUnit report:\n" + console);
        assertTrue(Files.isRegularFile(json), "exit " + code + " wrote no JSON report:\n" + console);
        String xml = Files.readString(junit);
        String jsonText = Files.readString(json);
        checkJunit(xml, code);
        Map<String, Object> report = new ObjectMapper().readValue(jsonText, Map.class);
        assertEquals(1, report.get("schema_version"), jsonText);
        assertEquals(code, report.get("exit_code"), jsonText);
        return new Reports(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), xml, jsonText, report);
    }

    /**
     * The report validates against junit-10.xsd, every count is the number of its elements (suites
     * add up to the total), and it fails (has a failure) exactly when the exit code is not 0.
     */
    static void checkJunit(String xml, int exitCode) {
        try {
            SCHEMA.newValidator().validate(new StreamSource(new StringReader(xml)));
        } catch (SAXException | IOException e) {
            throw new AssertionError("the JUnit report is not valid against junit-10.xsd: " + e.getMessage() + "\n" + xml, e);
        }
        Document doc = parse(xml);
        Element root = doc.getDocumentElement();
        assertEquals("testsuites", root.getTagName());
        int tests = 0;
        int failures = 0;
        NodeList suites = root.getElementsByTagName("testsuite");
        assertTrue(suites.getLength() > 0, "a report always has a suite:\n" + xml);
        for (int i = 0; i < suites.getLength(); i++) {
            Element suite = (Element) suites.item(i);
            NodeList cases = suite.getElementsByTagName("testcase");
            assertEquals(cases.getLength(), Integer.parseInt(suite.getAttribute("tests")), xml);
            assertEquals(suite.getElementsByTagName("failure").getLength(), Integer.parseInt(suite.getAttribute("failures")), xml);
            assertEquals(suite.getElementsByTagName("error").getLength(), Integer.parseInt(suite.getAttribute("errors")), xml);
            assertEquals(suite.getElementsByTagName("skipped").getLength(), Integer.parseInt(suite.getAttribute("skipped")), xml);
            assertTrue(suite.getAttribute("timestamp").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"),
                    "ISO 8601 UTC to the second: " + suite.getAttribute("timestamp"));
            tests += cases.getLength();
            failures += suite.getElementsByTagName("failure").getLength();
        }
        assertEquals(tests, Integer.parseInt(root.getAttribute("tests")), xml);
        assertEquals(failures, Integer.parseInt(root.getAttribute("failures")), xml);
        assertEquals(exitCode != 0, failures > 0, "a report fails exactly when the exit code (" + exitCode + ") is not 0:\n" + xml);
    }

    static Document parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        } catch (Exception e) {
            throw new AssertionError("not XML: " + e.getMessage() + "\n" + xml, e);
        }
    }
}
