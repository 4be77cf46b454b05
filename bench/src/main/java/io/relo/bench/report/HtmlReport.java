package io.relo.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds a self-contained HTML page for a bench report: headings, paragraphs, tables and inline SVG plots, with a
 * little CSS and nothing fetched from anywhere.
 */
public final class HtmlReport
{
    private final StringBuilder body = new StringBuilder(64 * 1024);
    private final String title;

    /**
     * @param title of the page.
     */
    public HtmlReport(final String title)
    {
        this.title = title;
        heading(1, title);
    }

    /**
     * @param level 1 to 3.
     * @param text  of the heading.
     * @return this.
     */
    public HtmlReport heading(final int level, final String text)
    {
        body.append("<h").append(level).append('>').append(escape(text)).append("</h").append(level).append(">\n");
        return this;
    }

    /**
     * @param text of a paragraph.
     * @return this.
     */
    public HtmlReport paragraph(final String text)
    {
        body.append("<p>").append(escape(text)).append("</p>\n");
        return this;
    }

    /**
     * @param text shown preformatted.
     * @return this.
     */
    public HtmlReport preformatted(final String text)
    {
        body.append("<pre>").append(escape(text)).append("</pre>\n");
        return this;
    }

    /**
     * @param items of a bulleted list.
     * @return this.
     */
    public HtmlReport list(final List<String> items)
    {
        body.append("<ul>\n");
        for (final String item : items)
        {
            body.append("<li>").append(escape(item)).append("</li>\n");
        }
        body.append("</ul>\n");
        return this;
    }

    /**
     * @param header column names.
     * @param rows   cells, as many per row as names; cells that look numeric are right-aligned.
     * @return this.
     */
    public HtmlReport table(final List<String> header, final List<List<String>> rows)
    {
        body.append("<table>\n<tr>");
        for (final String name : header)
        {
            body.append("<th>").append(escape(name)).append("</th>");
        }
        body.append("</tr>\n");
        for (final List<String> row : rows)
        {
            body.append("<tr>");
            for (final String cell : row)
            {
                final boolean numeric = cell.matches("[-+0-9.,% ]+[a-zA-Z/%]*");
                body.append(numeric ? "<td class=\"n\">" : "<td>").append(escape(cell)).append("</td>");
            }
            body.append("</tr>\n");
        }
        body.append("</table>\n");
        return this;
    }

    /**
     * @param svg an SVG element, inlined as it is.
     * @return this.
     */
    public HtmlReport svg(final String svg)
    {
        body.append("<div class=\"plot\">\n").append(svg).append("</div>\n");
        return this;
    }

    /**
     * @param file to write the page to.
     * @throws IOException if it cannot be written.
     */
    public void write(final Path file) throws IOException
    {
        final String page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
            escape(title) + "</title>\n<style>\n" +
            "body { font-family: sans-serif; max-width: 980px; margin: 2em auto; color: #222; }\n" +
            "table { border-collapse: collapse; margin: 1em 0; }\n" +
            "th, td { border: 1px solid #ccc; padding: 3px 8px; font-size: 13px; }\n" +
            "th { background: #f3f3f3; } td.n { text-align: right; font-variant-numeric: tabular-nums; }\n" +
            "pre { background: #f7f7f7; padding: 8px; font-size: 12px; overflow-x: auto; }\n" +
            ".plot { margin: 1em 0; }\n" +
            "</style>\n</head>\n<body>\n" + body + "</body>\n</html>\n";
        Files.writeString(file, page, StandardCharsets.UTF_8);
    }

    /**
     * @param text plain text.
     * @return the text with HTML's special characters escaped.
     */
    public static String escape(final String text)
    {
        final StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            switch (c)
            {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
