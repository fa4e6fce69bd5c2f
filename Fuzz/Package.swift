// swift-tools-version: 6.1
// libFuzzer targets for segment-metronome, in their own package so the main package's build stays
// free of sanitizers. Build and run one with `scripts/fuzz.sh TARGET SECONDS` from the repository root.
import PackageDescription

let fuzzSettings: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

func target(_ name: String, _ products: [String]) -> Target {
    .executableTarget(
        name: "fuzz-\(name)",
        dependencies: ["FuzzDriver"]
            + (["FuzzChecks"] + products).map { .product(name: $0, package: "segment-metronome") },
        path: "Sources/\(name)",
        swiftSettings: fuzzSettings)
}

let package = Package(
    name: "segment-metronome-fuzz",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "segment-metronome", path: "..")],
    targets: [
        .target(name: "FuzzDriver"),
        target("json", ["SegmentJSON"]),
        target("json-diff", ["SegmentJSON"]),
        target("archive", ["SegmentArchive"]),
        target("trigger", ["SegmentMapping", "SegmentJSON"]),
        target("mapping", ["SegmentMapping"]),
        target("evaluate", ["SegmentMapping", "SegmentJSON", "MetronomeEvents"]),
    ]
)
