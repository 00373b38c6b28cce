package io.nspsconnector.errors;

/**
 * One problem with one field of a request, reported to NSPS in the error body's {@code details}.
 *
 * @param field   dotted path of the field, e.g. {@code pb_data.sim_info.imsi}
 * @param problem what is wrong with it, e.g. {@code missing} or {@code must be a string}
 */
public record FieldProblem(String field, String problem) {
}
