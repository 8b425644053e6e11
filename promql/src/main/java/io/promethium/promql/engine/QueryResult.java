package io.promethium.promql.engine;

import io.promethium.promql.value.Value;
import java.util.List;

/** What a query returned: its value and any warnings (e.g. from storage). */
public record QueryResult(Value value, List<String> warnings, QueryStats stats) {}
