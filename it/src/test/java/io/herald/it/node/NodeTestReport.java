package io.herald.it.node;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * The outcome of every node test, read from the JUnit XML written by {@code node --test
 * --test-reporter=junit}: a {@code <testsuite>} per {@code describe}, a {@code <testcase>} per
 * test, with a {@code <failure>} or {@code <skipped>} child when it did not pass.
 */
public record NodeTestReport(List<NodeTest> tests) {

    /** Separates the describe blocks and the test in a name, as in "presence channels > counts ...". */
    static final String PATH_SEPARATOR = " > ";

    public enum Outcome { PASSED, FAILED, SKIPPED }

    /** One node test: its full name, its outcome and, when it failed, the runner's failure text. */
    public record NodeTest(String name, Outcome outcome, String failure) {}

    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]");

    public static NodeTestReport read(Path junitXml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            // Node writes control characters of colored messages (ESC) as they are, which XML 1.0 does not allow.
            String text = CONTROL.matcher(Files.readString(junitXml)).replaceAll("");
            Element root = factory.newDocumentBuilder().parse(new InputSource(new StringReader(text))).getDocumentElement();
            List<NodeTest> tests = new ArrayList<>();
            collect(root, "", tests);
            return new NodeTestReport(List.copyOf(tests));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new AssertionError("cannot read the node test report " + junitXml + ": " + e.getMessage(), e);
        }
    }

    public List<NodeTest> failed() {
        return tests.stream().filter(test -> test.outcome() == Outcome.FAILED).toList();
    }

    public long count(Outcome outcome) {
        return tests.stream().filter(test -> test.outcome() == outcome).count();
    }

    private static void collect(Element parent, String path, List<NodeTest> tests) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (!(child instanceof Element element)) {
                continue;
            }
            String name = path + element.getAttribute("name");
            switch (element.getTagName()) {
                case "testsuite" -> collect(element, name + PATH_SEPARATOR, tests);
                case "testcase" -> tests.add(testCase(name, element));
                default -> { }
            }
        }
    }

    private static NodeTest testCase(String name, Element testCase) {
        Element failure = firstChild(testCase, "failure");
        if (failure != null) {
            String text = failure.getTextContent().strip();
            return new NodeTest(name, Outcome.FAILED, text.isEmpty() ? failure.getAttribute("message") : text);
        }
        if (firstChild(testCase, "skipped") != null) {
            return new NodeTest(name, Outcome.SKIPPED, null);
        }
        return new NodeTest(name, Outcome.PASSED, null);
    }

    private static Element firstChild(Element parent, String tag) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && element.getTagName().equals(tag)) {
                return element;
            }
        }
        return null;
    }
}
