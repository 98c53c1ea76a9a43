package io.faultline.compensation.policy;

import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * One node of a policy file with its path and line, read strictly: a missing required field, a field of the wrong
 * shape, an unknown or repeated key each fail with a {@link PolicyError} that names the file, line and field.
 * Composes the YAML into nodes only (no object is constructed from the file).
 */
final class PolicyYaml {

    private final String file;
    private final String path;
    private final Node node;
    private final Map<String, NodeTuple> entries;
    private final Set<String> read = new LinkedHashSet<>();

    private PolicyYaml(String file, String path, Node node) {
        this.file = file;
        this.path = path;
        this.node = node;
        this.entries = new LinkedHashMap<>();
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                String key = tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : null;
                if (key == null) {
                    throw error(tuple.getKeyNode(), path, "keys must be plain names");
                }
                if (entries.putIfAbsent(key, tuple) != null) {
                    throw error(tuple.getKeyNode(), join(path, key), "appears twice");
                }
            }
        }
    }

    /** The root mapping of a policy file. */
    static PolicyYaml parse(String file, String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true);
        Node root;
        try {
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
            throw new PolicyError(file, line, "", "not valid YAML: " + e.getProblem());
        }
        if (!(root instanceof MappingNode)) {
            throw new PolicyError(file, root == null ? 1 : root.getStartMark().getLine() + 1, "",
                    "a policy file is a mapping of fields");
        }
        return new PolicyYaml(file, "", root);
    }

    String path() {
        return path;
    }

    int line() {
        return node.getStartMark().getLine() + 1;
    }

    boolean has(String key) {
        return entries.containsKey(key);
    }

    /** Fails when the field is absent. */
    void require(String key) {
        required(key);
    }

    /** A nested mapping. */
    PolicyYaml mapping(String key) {
        Node value = required(key);
        if (!(value instanceof MappingNode)) {
            throw error(value, join(path, key), "must be a mapping of fields");
        }
        return new PolicyYaml(file, join(path, key), value);
    }

    Optional<PolicyYaml> optionalMapping(String key) {
        return has(key) ? Optional.of(mapping(key)) : Optional.empty();
    }

    /** A sequence of mappings, each read by the given function. */
    <T> List<T> mappings(String key, Function<PolicyYaml, T> reader) {
        Node value = required(key);
        if (!(value instanceof SequenceNode sequence)) {
            throw error(value, join(path, key), "must be a list");
        }
        List<T> items = new ArrayList<>();
        int index = 0;
        for (Node item : sequence.getValue()) {
            String itemPath = join(path, key) + "[" + index++ + "]";
            if (!(item instanceof MappingNode)) {
                throw error(item, itemPath, "must be a mapping of fields");
            }
            PolicyYaml child = new PolicyYaml(file, itemPath, item);
            items.add(reader.apply(child));
            child.rejectUnknown();
        }
        return items;
    }

    String text(String key) {
        return scalar(key, value -> {
            if (value.isBlank()) {
                throw new IllegalArgumentException("must not be empty");
            }
            return value;
        });
    }

    Optional<String> optionalText(String key) {
        return has(key) ? Optional.of(text(key)) : Optional.empty();
    }

    int integer(String key, int min) {
        int value = scalar(key, Integer::parseInt);
        if (value < min) {
            throw error(entries.get(key).getValueNode(), join(path, key), "must be at least " + min + ", was " + value);
        }
        return value;
    }

    boolean bool(String key, boolean otherwise) {
        if (!has(key)) {
            read.add(key);
            return otherwise;
        }
        return scalar(key, value -> switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("must be true or false, was " + value);
        });
    }

    BigDecimal decimal(String key) {
        return scalar(key, BigDecimal::new);
    }

    LocalDate date(String key) {
        return scalar(key, LocalDate::parse);
    }

    Optional<LocalDate> optionalDate(String key) {
        return has(key) ? Optional.of(date(key)) : Optional.empty();
    }

    /** An ISO-8601 duration such as {@code PT4H} or {@code P2D}. */
    Duration duration(String key) {
        return scalar(key, Duration::parse);
    }

    /** An ISO-8601 period such as {@code P1M} or {@code P30D}. */
    Period period(String key) {
        return scalar(key, Period::parse);
    }

    <E extends Enum<E>> E enumValue(String key, Class<E> type) {
        return scalar(key, value -> parseEnum(value, type));
    }

    <E extends Enum<E>> Optional<E> optionalEnum(String key, Class<E> type) {
        return has(key) ? Optional.of(enumValue(key, type)) : Optional.empty();
    }

    /** A list of plain values; an absent key is an empty list. */
    List<String> texts(String key) {
        if (!has(key)) {
            read.add(key);
            return List.of();
        }
        Node value = required(key);
        if (!(value instanceof SequenceNode sequence)) {
            throw error(value, join(path, key), "must be a list");
        }
        List<String> items = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            if (!(item instanceof ScalarNode scalar) || scalar.getValue().isBlank()) {
                throw error(item, join(path, key), "must list plain values");
            }
            items.add(scalar.getValue());
        }
        return items;
    }

    <E extends Enum<E>> Set<E> enums(String key, Class<E> type) {
        Set<E> values = new LinkedHashSet<>();
        for (String text : texts(key)) {
            try {
                values.add(parseEnum(text, type));
            } catch (IllegalArgumentException e) {
                throw error(entries.get(key).getValueNode(), join(path, key), e.getMessage());
            }
        }
        return values;
    }

    /** The keys of this mapping, in file order. */
    List<String> keys() {
        return List.copyOf(entries.keySet());
    }

    /** Fails on the first key nobody read: a misspelt field never silently means its default. */
    void rejectUnknown() {
        for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
            if (!read.contains(entry.getKey())) {
                throw error(entry.getValue().getKeyNode(), join(path, entry.getKey()), "is not a field here");
            }
        }
    }

    /** An error about this node, or about one of its fields. */
    PolicyError error(String key, String problem) {
        Node at = entries.containsKey(key) ? entries.get(key).getValueNode() : node;
        return error(at, key.isEmpty() ? path : join(path, key), problem);
    }

    private <T> T scalar(String key, Function<String, T> parse) {
        Node value = required(key);
        if (!(value instanceof ScalarNode scalar)) {
            throw error(value, join(path, key), "must be a single value");
        }
        try {
            return parse.apply(scalar.getValue().trim());
        } catch (NumberFormatException e) {
            throw error(value, join(path, key), "must be a number, was " + scalar.getValue());
        } catch (DateTimeParseException e) {
            throw error(value, join(path, key), "must be an ISO-8601 value, was " + scalar.getValue());
        } catch (IllegalArgumentException e) {
            throw error(value, join(path, key), e.getMessage());
        }
    }

    private Node required(String key) {
        read.add(key);
        NodeTuple tuple = entries.get(key);
        if (tuple == null) {
            String near = entries.keySet().stream().filter(other -> other.equalsIgnoreCase(key)
                    || key.startsWith(other) || other.startsWith(key)).findFirst().orElse(null);
            throw error(near == null ? node : entries.get(near).getKeyNode(), join(path, key),
                    near == null ? "is required" : "is required (is " + near + " a misspelling of it?)");
        }
        return tuple.getValueNode();
    }

    private static <E extends Enum<E>> E parseEnum(String value, Class<E> type) {
        String name = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(name)) {
                return constant;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            allowed.add(constant.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        throw new IllegalArgumentException("must be one of " + allowed + ", was " + value);
    }

    private PolicyError error(Node at, String fieldPath, String problem) {
        return new PolicyError(file, at.getStartMark().getLine() + 1, fieldPath, problem);
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
