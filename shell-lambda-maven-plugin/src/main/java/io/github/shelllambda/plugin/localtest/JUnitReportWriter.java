package io.github.shelllambda.plugin.localtest;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes a run's results as Surefire does ({@code TEST-<suite>.xml}, schema
 * surefire-test-report.xsd version 3.0.2), so that CI dashboards reading Surefire reports show
 * handler tests too. A failed case gets a {@code <failure>} with the diff; every case's log goes
 * to {@code <system-out>}.
 */
public final class JUnitReportWriter {

  private JUnitReportWriter() {}

  /** Writes {@code dir/TEST-<suiteName>.xml} and returns its path. */
  public static Path write(Path dir, String suiteName, List<CaseResult> results,
      Map<String, String> properties) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve("TEST-" + suiteName.replaceAll("[^A-Za-z0-9._-]", "_") + ".xml");
    double total = results.stream().mapToDouble(CaseResult::wallMillis).sum();
    long failures = results.stream().filter(r -> !r.passed()).count();
    try (OutputStream out = Files.newOutputStream(file)) {
      XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
      w.writeStartDocument("UTF-8", "1.0");
      w.writeCharacters("\n");
      w.writeStartElement("testsuite");
      w.writeNamespace("xsi", "http://www.w3.org/2001/XMLSchema-instance");
      w.writeAttribute("http://www.w3.org/2001/XMLSchema-instance", "noNamespaceSchemaLocation",
          "https://maven.apache.org/surefire/maven-surefire-plugin/xsd/surefire-test-report.xsd");
      w.writeAttribute("version", "3.0.2");
      w.writeAttribute("name", suiteName);
      w.writeAttribute("time", seconds(total));
      w.writeAttribute("tests", Integer.toString(results.size()));
      w.writeAttribute("errors", "0");
      w.writeAttribute("skipped", "0");
      w.writeAttribute("failures", Long.toString(failures));
      w.writeCharacters("\n  ");
      w.writeStartElement("properties");
      for (Map.Entry<String, String> p : properties.entrySet()) {
        w.writeCharacters("\n    ");
        w.writeEmptyElement("property");
        w.writeAttribute("name", clean(p.getKey()));
        w.writeAttribute("value", clean(p.getValue()));
      }
      w.writeCharacters("\n  ");
      w.writeEndElement();
      for (CaseResult r : results) {
        w.writeCharacters("\n  ");
        w.writeStartElement("testcase");
        w.writeAttribute("name", clean(r.name()));
        w.writeAttribute("classname", suiteName);
        w.writeAttribute("time", seconds(r.wallMillis()));
        if (!r.passed()) {
          String details = String.join("\n", r.problems());
          w.writeCharacters("\n    ");
          w.writeStartElement("failure");
          w.writeAttribute("message", clean(firstLine(details)));
          w.writeAttribute("type", "shell-lambda.CaseFailure");
          cdata(w, details);
          w.writeEndElement();
        }
        if (r.log() != null && !r.log().isEmpty()) {
          w.writeCharacters("\n    ");
          w.writeStartElement("system-out");
          cdata(w, r.log());
          w.writeEndElement();
        }
        if (!r.passed() || (r.log() != null && !r.log().isEmpty())) {
          w.writeCharacters("\n  ");
        }
        w.writeEndElement();
      }
      w.writeCharacters("\n");
      w.writeEndElement();
      w.writeCharacters("\n");
      w.writeEndDocument();
      w.close();
    } catch (XMLStreamException e) {
      throw new IOException("Cannot write " + file + ": " + e.getMessage(), e);
    }
    return file;
  }

  /** CDATA, split where the text itself contains the end marker. */
  private static void cdata(XMLStreamWriter w, String text) throws XMLStreamException {
    String t = clean(text);
    int from = 0;
    int i;
    while ((i = t.indexOf("]]>", from)) >= 0) {
      w.writeCData(t.substring(from, i + 2));
      from = i + 2;
    }
    w.writeCData(t.substring(from));
  }

  /** Drops the characters XML 1.0 cannot carry (handlers may print any byte). */
  static String clean(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF)
          || Character.isSurrogate(c) || (c >= 0xE000 && c <= 0xFFFD);
      sb.append(ok ? c : '\uFFFD');
    }
    return sb.toString();
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static String seconds(double millis) {
    return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
  }
}
