// FuzzChecks: what each libFuzzer target of `Fuzz/` checks on one input, in one place.
//
// The fuzz targets (`Fuzz/Sources/TARGET`) stop on the problem a check returns; `swift test` replays
// every committed `Fuzz/corpus/TARGET/regression-*` seed through the same check, so what fuzzing found
// stays fixed. Each check returns nil when the input passes and otherwise a sentence that says what
// went wrong. The checks run the product's own stages; nothing here is part of a conversion.
