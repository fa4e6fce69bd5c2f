// swift-tools-version: 6.1
// Benchmarks for segment-metronome, kept in their own package so the main package does not depend on
// package-benchmark. Run from this directory: `swift package benchmark` (see RESULTS.md).
import PackageDescription

let package = Package(
    name: "segment-metronome-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "segment-metronome", path: ".."),
        .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "PipelineBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "ConversionPipeline", package: "segment-metronome"),
                .product(name: "SegmentJSON", package: "segment-metronome"),
                .product(name: "SegmentArchive", package: "segment-metronome"),
                .product(name: "SegmentMapping", package: "segment-metronome"),
                .product(name: "MetronomeEvents", package: "segment-metronome"),
            ],
            path: "Benchmarks/PipelineBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
        .executableTarget(
            name: "DirectiveBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "ConversionPipeline", package: "segment-metronome"),
                .product(name: "SegmentJSON", package: "segment-metronome"),
                .product(name: "SegmentMapping", package: "segment-metronome"),
                .product(name: "MetronomeEvents", package: "segment-metronome"),
            ],
            path: "Benchmarks/DirectiveBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
    ]
)
