package io.github.dpoprefresh.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads JMH's JSON result ({@code -rf json}) and prints, per benchmark class and parameter set (the alg), each
 * benchmark's time per operation and its ratio to {@code rawVerify}, and the speedup of {@code ours} against
 * {@code nimbus} and {@code keycloakDPoPUtil} (their time divided by ours), as a Markdown table.
 *
 * <p>{@code java ... JmhRatios target/jmh.json [target/jmh-ratios.md]}: the table goes to standard output, and to the
 * second file if given. Times are shown in microseconds per operation, whatever mode and unit JMH ran with.
 */
public final class JmhRatios {

    static final String BASELINE = "rawVerify";
    static final String OURS = "ours";
    /** Benchmarks that {@link #OURS} is compared with. */
    static final List<String> COMPARED = List.of("nimbus", "keycloakDPoPUtil");
    /** Column order; benchmarks not named here follow in the order of the result file. */
    static final List<String> ORDER = List.of(BASELINE, "rawVerifyReusedKey", OURS, "oursJdkProvider", "nimbus", "keycloakDPoPUtil");

    private JmhRatios() {
    }

    record Score(double microseconds, double error) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: JmhRatios <jmh.json> [<table.md>]");
            System.exit(2);
        }
        JsonNode results = new ObjectMapper().readTree(Path.of(args[0]).toFile());
        String table = table(results, null);
        if (results.findValue(CpuTimeProfiler.NAME) != null) {
            table += "CPU time of the benchmark JVM per operation (" + CpuTimeProfiler.class.getSimpleName()
                    + "): what the time per operation is without the waits for a CPU on a shared machine.\n\n"
                    + table(results, CpuTimeProfiler.NAME);
        }
        table += paired(results);
        System.out.println(table);
        if (args.length == 2) {
            Files.writeString(Path.of(args[1]), table, StandardCharsets.UTF_8);
        }
    }

    /** @param secondary a secondary metric to tabulate instead of the primary one, or null */
    static String table(JsonNode results, String secondary) {
        // class -> params -> method -> score
        Map<String, Map<String, Map<String, Score>>> byClass = new LinkedHashMap<>();
        Map<String, String> paramNames = new LinkedHashMap<>();
        List<String> methods = new ArrayList<>(ORDER);
        for (JsonNode result : results) {
            String benchmark = result.path("benchmark").asText();
            int dot = benchmark.lastIndexOf('.');
            String type = benchmark.substring(benchmark.lastIndexOf('.', dot - 1) + 1, dot);
            String method = benchmark.substring(dot + 1);
            if (method.endsWith("Paired")) {
                continue; // its own table: paired(...)
            }
            if (!methods.contains(method)) {
                methods.add(method);
            }
            JsonNode metric = secondary == null ? result.path("primaryMetric")
                    : result.path("secondaryMetrics").path(secondary);
            if (metric.isMissingNode()) {
                continue;
            }
            Score score = microseconds(metric.path("score").asDouble(), metric.path("scoreError").asDouble(Double.NaN),
                    metric.path("scoreUnit").asText());
            StringJoiner names = new StringJoiner(", ");
            result.path("params").fieldNames().forEachRemaining(names::add);
            paramNames.putIfAbsent(type, names.length() == 0 ? "params" : names.toString());
            byClass.computeIfAbsent(type, k -> new TreeMap<>(JmhRatios::compareParams))
                    .computeIfAbsent(params(result.path("params")), k -> new LinkedHashMap<>())
                    .put(method, score);
        }
        StringBuilder out = new StringBuilder();
        byClass.forEach((type, rows) -> {
            List<String> columns = methods.stream()
                    .filter(m -> rows.values().stream().anyMatch(row -> row.containsKey(m))).toList();
            List<String> compared = COMPARED.stream().filter(columns::contains).toList();
            boolean withOurs = columns.contains(OURS);
            out.append("### ").append(type).append(secondary == null ? "" : " (" + secondary + ")").append(": µs/op ± error")
                    .append(columns.contains(BASELINE) ? " (× time of " + BASELINE + ")" : "").append("\n\n");
            StringJoiner header = new StringJoiner(" | ", "| ", " |\n");
            StringJoiner rule = new StringJoiner(" | ", "| ", " |\n");
            header.add(paramNames.get(type));
            rule.add("---");
            for (String column : columns) {
                header.add(column);
                rule.add("---:");
            }
            if (withOurs) {
                for (String other : compared) {
                    header.add("speedup ours vs " + other);
                    rule.add("---:");
                }
            }
            out.append(header).append(rule);
            rows.forEach((params, row) -> {
                StringJoiner line = new StringJoiner(" | ", "| ", " |\n");
                line.add(params);
                Score baseline = row.get(BASELINE);
                for (String column : columns) {
                    Score score = row.get(column);
                    if (score == null) {
                        line.add("n/a");
                        continue;
                    }
                    String cell = number(score.microseconds())
                            + (Double.isNaN(score.error()) ? "" : " ± " + number(score.error()));
                    if (baseline != null) {
                        cell += String.format(Locale.ROOT, " (%.2f×)", score.microseconds() / baseline.microseconds());
                    }
                    line.add(cell);
                }
                if (withOurs) {
                    for (String other : compared) {
                        Score ours = row.get(OURS);
                        Score them = row.get(other);
                        line.add(ours == null || them == null ? "n/a"
                                : String.format(Locale.ROOT, "%.2f×", them.microseconds() / ours.microseconds()));
                    }
                }
                out.append(line);
            });
            out.append('\n');
            if (withOurs && !compared.isEmpty()) {
                out.append("speedup ours vs X = time of X / time of ours: above 1, ours is faster.\n\n");
            }
        });
        return out.toString();
    }

    /**
     * The paired benchmark ({@code oursAndRawVerifyPaired}): each part's share of the pair's time per operation, and
     * their ratio, which is the ratio of their times over the same iterations.
     */
    static String paired(JsonNode results) {
        StringBuilder out = new StringBuilder();
        for (JsonNode result : results) {
            JsonNode ours = result.path("secondaryMetrics").path("oursNanos");
            JsonNode raw = result.path("secondaryMetrics").path("rawVerifyNanos");
            if (ours.isMissingNode() || raw.isMissingNode()) {
                continue;
            }
            if (out.length() == 0) {
                out.append("### ours and rawVerify paired (one JVM, alternately, each timed): µs/op\n\n")
                        .append("| params | ours | rawVerify | ours / rawVerify |\n| --- | ---: | ---: | ---: |\n");
            }
            JsonNode metric = result.path("primaryMetric");
            double pair = microseconds(metric.path("score").asDouble(), Double.NaN, metric.path("scoreUnit").asText())
                    .microseconds();
            double oursShare = ours.path("score").asDouble() / (ours.path("score").asDouble() + raw.path("score").asDouble());
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | **%.3f×** |%n", params(result.path("params")),
                    number(pair * oursShare), number(pair * (1 - oursShare)), oursShare / (1 - oursShare)));
        }
        return out.length() == 0 ? "" : out.append('\n').toString();
    }

    private static String params(JsonNode params) {
        if (params.isMissingNode() || params.isEmpty()) {
            return "-";
        }
        StringJoiner text = new StringJoiner(", ");
        for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> param = it.next();
            text.add(params.size() == 1 ? param.getValue().asText() : param.getKey() + "=" + param.getValue().asText());
        }
        return text.toString();
    }

    /** The algorithms in the benchmarks' order (ES256, RS256, PS256, EdDSA), anything else after them. */
    private static int compareParams(String a, String b) {
        int ia = BenchProofs.ALGORITHMS.indexOf(a);
        int ib = BenchProofs.ALGORITHMS.indexOf(b);
        if (ia >= 0 && ib >= 0) {
            return Integer.compare(ia, ib);
        }
        if (ia >= 0 || ib >= 0) {
            return ia >= 0 ? -1 : 1;
        }
        return a.compareTo(b);
    }

    /** A JMH score in microseconds per operation: from time per op ("ns/op") or throughput ("ops/ms"). */
    static Score microseconds(double score, double error, String unit) {
        if (unit.endsWith("/op")) {
            double factor = perSecond(unit.substring(0, unit.length() - 3)) / 1e6;
            return new Score(score / factor, error / factor);
        }
        if (unit.startsWith("ops/")) {
            double microseconds = 1e6 / (score * perSecond(unit.substring(4)));
            return new Score(microseconds, microseconds * error / score); // 1/x keeps the relative error
        }
        throw new IllegalArgumentException("unknown JMH score unit " + unit);
    }

    /** How many of {@code unit} make a second. */
    private static double perSecond(String unit) {
        return switch (unit) {
            case "s" -> 1;
            case "ms" -> 1e3;
            case "us" -> 1e6;
            case "ns" -> 1e9;
            case "min" -> 1.0 / 60;
            default -> throw new IllegalArgumentException("unknown JMH time unit " + unit);
        };
    }

    private static String number(double value) {
        if (value >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (value >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
