"""The regulation as versioned, validated data: levels, document kinds, books, report templates,
indicators and evaluation criteria. Whatever varies by regulation lives in the data file."""
