package io.github.tinodej.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tinodej.TinodeServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Keeps core's packages a layered graph: no package of {@code io.github.tinodej} may depend, through
 * any chain, on a package that depends back on it. The engine used to be a service locator in a
 * cycle with the session and the hub; this is what stops that from growing back. The graph comes
 * from the JDK's own {@code jdeps} on the compiled classes, so it sees every reference the compiler
 * emitted, not only imports.
 */
class PackageCyclesTest {
    private static final String ROOT = "io.github.tinodej";

    @Test
    void corePackages_formNoCycle() throws Exception {
        Map<String, Set<String>> graph = packageGraph();
        assertThat(graph).as("jdeps found core's packages").containsKeys(ROOT, ROOT + ".internal.engine");
        List<Set<String>> cycles = stronglyConnected(graph);
        assertThat(cycles).as("package cycles (each set depends on itself through its members)").isEmpty();
    }

    @Test
    void cycleFinder_findsACycleAndIgnoresAChain() {
        Map<String, Set<String>> graph = new TreeMap<>();
        graph.put("a", Set.of("b"));
        graph.put("b", Set.of("c"));
        graph.put("c", Set.of("a", "d"));
        graph.put("d", Set.of());
        assertThat(stronglyConnected(graph)).containsExactly(Set.of("a", "b", "c"));
        graph.put("c", Set.of("d"));
        assertThat(stronglyConnected(graph)).isEmpty();
    }

    /** Package-to-package edges among core's own packages, self edges left out. */
    private static Map<String, Set<String>> packageGraph() throws Exception {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps")
                .orElseThrow(() -> new AssertionError("jdeps is missing: run the tests on a JDK, not a JRE"));
        Path classes = Path.of(TinodeServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(err),
                "-verbose:package", "-filter:none", classes.toString());
        assertThat(rc).as("jdeps: " + err).isZero();
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String line : out.toString().split("\\R")) {
            String[] parts = line.trim().split("\\s+");
            // "<from> -> <to> <archive>"
            if (parts.length >= 3 && parts[1].equals("->") && isOurs(parts[0]) && isOurs(parts[2])) {
                graph.computeIfAbsent(parts[0], k -> new TreeSet<>());
                graph.computeIfAbsent(parts[2], k -> new TreeSet<>());
                if (!parts[0].equals(parts[2])) {
                    graph.get(parts[0]).add(parts[2]);
                }
            }
        }
        return graph;
    }

    private static boolean isOurs(String pkg) {
        return pkg.equals(ROOT) || pkg.startsWith(ROOT + ".");
    }

    /** Tarjan's algorithm; returns every strongly connected component with more than one package. */
    static List<Set<String>> stronglyConnected(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> found = new ArrayList<>();
        int[] counter = {0};
        for (String node : graph.keySet()) {
            if (!index.containsKey(node)) {
                visit(node, graph, index, low, stack, onStack, found, counter);
            }
        }
        return found;
    }

    private static void visit(String node, Map<String, Set<String>> graph, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> found, int[] counter) {
        index.put(node, counter[0]);
        low.put(node, counter[0]);
        counter[0]++;
        stack.push(node);
        onStack.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            if (!index.containsKey(next)) {
                visit(next, graph, index, low, stack, onStack, found, counter);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            Set<String> component = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                component.add(member);
            } while (!member.equals(node));
            if (component.size() > 1) {
                found.add(component);
            }
        }
    }
}
