package io.faultline.compensation.policy;

/**
 * A policy file that cannot be loaded, naming the file, the line and the field at fault, e.g.
 * {@code o2-2018.yaml:14: rules[1].grant.days: must be at least 1, was 0}.
 */
public final class PolicyError extends RuntimeException {

    private final String file;
    private final int line;
    private final String field;

    public PolicyError(String file, int line, String field, String problem) {
        super(file + ":" + line + ": " + (field.isEmpty() ? "" : field + ": ") + problem);
        this.file = file;
        this.line = line;
        this.field = field;
    }

    public String file() {
        return file;
    }

    /** 1-based line of the field in the file. */
    public int line() {
        return line;
    }

    /** Path of the field, e.g. {@code rules[1].grant.days}; empty for the whole file. */
    public String field() {
        return field;
    }
}
