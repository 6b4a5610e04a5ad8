package dev.roost.bench.measure;

import java.util.Locale;
import java.util.Map;

/**
 * Renders a {@link RunResult} for a person: a few aligned lines, the correctness verdict last, in red when messages
 * were lost, duplicated or reordered, whatever the speed. Stateless.
 */
public final class Summary {
    private static final String RED = "\u001B[1;31m";
    private static final String GREEN = "\u001B[32m";
    private static final String RESET = "\u001B[0m";

    private Summary() {
    }

    /** @param color whether to use ANSI colours */
    public static String render(RunResult r, boolean color) {
        StringBuilder out = new StringBuilder();
        out.append(r.scenario()).append(" @ ").append(r.broker()).append(" (MQTT ").append(r.mqtt()).append(")");
        r.params().forEach((k, v) -> out.append(' ').append(k).append('=').append(v));
        out.append('\n');
        for (Map.Entry<String, Object> m : r.metrics().entrySet()) {
            out.append(String.format(Locale.ROOT, "  %-22s %s%n", m.getKey(), number(m.getValue())));
        }
        latencyLine(out, "latency_us", r.latency());
        latencyLine(out, "ack_latency_us", r.ackLatency());
        Tally t = r.tally();
        out.append(String.format(Locale.ROOT, "  %-22s sent %s · received %s · lost %s · duplicated %s · out of order %s%n",
                "counters", number(t.sent()), number(t.received()), number(t.lost()), number(t.duplicated()),
                number(t.outOfOrder())));
        for (String note : r.notes()) {
            out.append("  note: ").append(note).append('\n');
        }
        if (r.ok()) {
            out.append(paint(color, GREEN, "  OK: every message arrived exactly once, in order")).append('\n');
        } else {
            StringBuilder bad = new StringBuilder("  FAILED CORRECTNESS:");
            if (t.lost() > 0) {
                bad.append(String.format(Locale.ROOT, " LOST %s of %s (%.3f%%)", number(t.lost()), number(t.sent()),
                        100.0 * t.lost() / Math.max(1, t.sent())));
            }
            if (t.duplicated() > 0) {
                bad.append(" DUPLICATED ").append(number(t.duplicated()));
            }
            if (t.outOfOrder() > 0) {
                bad.append(" OUT OF ORDER ").append(number(t.outOfOrder()));
            }
            bad.append(" — these figures do not count as a clean run");
            out.append(paint(color, RED, bad.toString())).append('\n');
        }
        return out.toString();
    }

    private static void latencyLine(StringBuilder out, String label, LatencySummary l) {
        if (l != null) {
            out.append(String.format(Locale.ROOT,
                    "  %-22s p50 %s · p90 %s · p99 %s · p99.9 %s · max %s (n=%s)%n", label,
                    number(l.p50()), number(l.p90()), number(l.p99()), number(l.p999()), number(l.max()),
                    number(l.count())));
        }
    }

    private static String paint(boolean color, String code, String text) {
        return color ? code + text + RESET : text;
    }

    /** @return integers with thousands separators, other numbers with up to three decimals */
    static String number(Object value) {
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                return "n/a";
            }
            return Math.abs(d) >= 1000 ? String.format(Locale.ROOT, "%,.0f", d)
                    : String.format(Locale.ROOT, "%.3f", d);
        }
        if (value instanceof Long || value instanceof Integer) {
            return String.format(Locale.ROOT, "%,d", ((Number) value).longValue());
        }
        return String.valueOf(value);
    }
}
