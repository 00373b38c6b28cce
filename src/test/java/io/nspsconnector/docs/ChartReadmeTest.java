package io.nspsconnector.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * The chart README's values table is complete and current: every leaf key of values.yaml has a row (its own or an
 * enclosing block's) showing its default, no row names a key values.yaml no longer has, and the table is the one
 * values.yaml's comments generate. To regenerate it after changing values.yaml:
 * {@code ./dev mvn -q -o test -Dtest=ChartReadmeTest -Dchart-readme.write=true}.
 */
class ChartReadmeTest {

    private static final String WRITE = "chart-readme.write";

    /** A row of the README's table as written there. */
    private record Cell(String type, String dflt) {
    }

    @Test
    void tableIsTheOneValuesYamlGenerates() throws IOException {
        String readme = Files.readString(ChartValuesTable.README);
        String updated = ChartValuesTable.withTable(readme, ChartValuesTable.table());
        if (Boolean.getBoolean(WRITE) && !readme.equals(updated)) {
            Files.writeString(ChartValuesTable.README, updated);
            readme = Files.readString(ChartValuesTable.README);
        }
        assertThat("values.yaml changed: regenerate the table (-D" + WRITE + "=true, see this test's Javadoc)",
                   readme.equals(updated), is(true));
    }

    @Test
    void everyLeafKeyOfValuesYamlHasARowWithItsDefault() throws IOException {
        Map<String, Cell> table = readTable();
        Map<String, Object> leaves = new LinkedHashMap<>();
        flatten("", ChartValuesTable.values(), leaves);
        assertThat(leaves.size(), greaterThan(100));
        String shipped = Files.readString(ChartValuesTable.MAPPINGS);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Object> leaf : leaves.entrySet()) {
            String row = coveringRow(table, leaf.getKey());
            if (row == null) {
                problems.add(leaf.getKey() + ": no row, neither its own nor an enclosing block's");
                continue;
            }
            Object value = ChartValuesTable.at(ChartValuesTable.values(), row);
            Cell cell = table.get(row);
            if (cell.dflt().equals(ChartValuesTable.SHIPPED_MAPPINGS)) {
                if (!shipped.equals(value)) {
                    problems.add(row + ": the default is said to be config/mappings.yaml, but differs from it");
                }
            } else if (!cell.dflt().startsWith("`") || !cell.dflt().endsWith("`")) {
                problems.add(row + ": default " + cell.dflt() + " is not a value");
            } else {
                Object written = yaml().load(cell.dflt().substring(1, cell.dflt().length() - 1).replace("\\|", "|"));
                if (!Objects.equals(written, value)) {
                    problems.add(row + ": the table says " + written + ", values.yaml has " + value);
                }
            }
            if (!cell.type().equals(ChartValuesTable.type(value))) {
                problems.add(row + ": type " + cell.type() + ", values.yaml has a " + ChartValuesTable.type(value));
            }
        }
        assertThat(problems, is(empty()));
    }

    @Test
    void noRowNamesAKeyValuesYamlDoesNotHave() throws IOException {
        Map<String, Object> values = ChartValuesTable.values();
        String text = Files.readString(ChartValuesTable.VALUES);
        List<String> gone = new ArrayList<>();
        for (Map.Entry<String, Cell> row : readTable().entrySet()) {
            Object value = ChartValuesTable.at(values, row.getKey());
            if (row.getValue().dflt().equals(ChartValuesTable.UNSET)) {
                // an optional key: left commented out in values.yaml, below its description
                String leaf = row.getKey().substring(row.getKey().lastIndexOf('.') + 1);
                if (value != ChartValuesTable.MISSING || !text.contains("# " + leaf + ": ")) {
                    gone.add(row.getKey() + " (optional, but not commented out in values.yaml)");
                }
            } else if (value == ChartValuesTable.MISSING) {
                gone.add(row.getKey());
            }
        }
        assertThat(gone, is(empty()));
    }

    @Test
    void readmeIntroducesTheChartAndLinksBack() throws IOException {
        String readme = Files.readString(ChartValuesTable.README);
        assertThat(readme, containsString("helm install "));
        assertThat(readme, containsString("](../../README.md)"));
        assertThat(readme.indexOf(ChartValuesTable.START), is(not(-1)));
    }

    /** Rows of the README's table: key → type and default as written. */
    private static Map<String, Cell> readTable() throws IOException {
        String readme = Files.readString(ChartValuesTable.README);
        int start = readme.indexOf(ChartValuesTable.START);
        int end = readme.indexOf(ChartValuesTable.END);
        assertThat("table markers", start >= 0 && end > start, is(true));
        Map<String, Cell> rows = new LinkedHashMap<>();
        for (String line : readme.substring(start, end).split("\n")) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.split("(?<!\\\\)\\|");
            String key = cells[1].strip();
            Cell previous = rows.put(key.substring(1, key.length() - 1), new Cell(cells[2].strip(), cells[3].strip()));
            assertThat("one row per key: " + key, previous == null, is(true));
        }
        assertThat(rows.size(), greaterThan(80));
        return rows;
    }

    /** The row for this key, or for the nearest enclosing block that has one. */
    private static String coveringRow(Map<String, Cell> table, String key) {
        String k = key;
        while (true) {
            if (table.containsKey(k)) {
                return k;
            }
            int dot = k.lastIndexOf('.');
            if (dot < 0) {
                return null;
            }
            k = k.substring(0, dot);
        }
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> map, Map<String, Object> leaves) {
        for (Map.Entry<String, Object> e : map.entrySet()) {
            String key = prefix + e.getKey();
            if (e.getValue() instanceof Map<?, ?> child && !child.isEmpty()) {
                flatten(key + ".", (Map<String, Object>) child, leaves);
            } else {
                leaves.put(key, e.getValue());
            }
        }
    }

    private static Yaml yaml() {
        return new Yaml(new SafeConstructor(new LoaderOptions()));
    }
}
