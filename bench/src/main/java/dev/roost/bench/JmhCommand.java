package dev.roost.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code bench jmh [JMH options] [REGEX]}: runs the JMH micro-benchmarks of {@code dev.roost.bench.jmh} with JMH's own
 * command line ({@code jmh -h} lists its options, {@code jmh -l} the benchmarks).
 */
@Command(name = "jmh",
        description = {"JMH micro-benchmarks: topic matching, PUBLISH encode/decode, store append.",
                "Every argument goes to JMH: e.g. 'jmh -f 1 -wi 2 -i 3 TopicMatch', 'jmh -l', 'jmh -h'."})
final class JmhCommand implements Callable<Integer> {
    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        org.openjdk.jmh.Main.main(args.toArray(String[]::new));
        return 0;
    }
}
