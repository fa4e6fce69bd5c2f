// swift-tools-version: 6.1
// segment-metronome: Segment S3 archives -> Metronome usage events, offline and in bulk.
//
// Targets follow the pipeline, dependencies point one way:
//   SegmentJSON -> SegmentArchive -> SegmentMapping -> MetronomeEvents -> MetronomeIngest -> ConversionPipeline
//   -> segment-metronome, with RunLedger (the SQLite ledger of scheduled runs, GRDB) used by the pipeline.
//   MetronomeMock (the local Metronome stand-in) sits beside MetronomeIngest and depends only on
//   MetronomeEvents (and its JSON and gzip stages) and SwiftNIO.
import Foundation
import PackageDescription

// ISA-L (Debian `libisal-dev`) inflates gzip about 4x faster than zlib. It is used when its header is
// installed at build time; `SEGMENT_METRONOME_FORCE_ZLIB=1` builds without it (zlib is always used for
// writing gzip and is the fallback for reading).
let forceZlib =
    ProcessInfo.processInfo.environment["SEGMENT_METRONOME_FORCE_ZLIB"].map { !$0.isEmpty && $0 != "0" } ?? false
let isalHeaderPaths = ["/usr/include/isa-l/igzip_lib.h", "/usr/local/include/isa-l/igzip_lib.h"]
let haveISAL = !forceZlib && isalHeaderPaths.contains { FileManager.default.fileExists(atPath: $0) }

var archiveDependencies: [Target.Dependency] = ["SegmentJSON", "CZlib"]
var archiveSettings: [SwiftSetting] = []
var extraTargets: [Target] = []
if haveISAL {
    archiveDependencies.append("CISAL")
    archiveSettings.append(.define("HAVE_ISAL"))
    extraTargets.append(.systemLibrary(name: "CISAL", path: "Sources/CISAL"))
}

let package = Package(
    name: "segment-metronome",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "segment-metronome", targets: ["segment-metronome"]),
        .library(name: "ConversionPipeline", targets: ["ConversionPipeline"]),
        // The stages are products too, for the benchmark package (Benchmarks/) and for embedding.
        .library(name: "SegmentJSON", targets: ["SegmentJSON"]),
        .library(name: "SegmentArchive", targets: ["SegmentArchive"]),
        .library(name: "SegmentMapping", targets: ["SegmentMapping"]),
        .library(name: "MetronomeEvents", targets: ["MetronomeEvents"]),
        .library(name: "MetronomeIngest", targets: ["MetronomeIngest"]),
        .library(name: "MetronomeMock", targets: ["MetronomeMock"]),
        .library(name: "RunLedger", targets: ["RunLedger"]),
        // What the fuzz targets (Fuzz/) check on each input; `swift test` replays the regression seeds
        // through the same checks.
        .library(name: "FuzzChecks", targets: ["FuzzChecks"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // 1.12: LogHandler.log(event:) with the attached error (JSONLogHandler implements it).
        .package(url: "https://github.com/apple/swift-log", from: "1.12.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.25.0"),
        // Named only to pin TLS settings explicitly (certificate verification on, TLS 1.2+).
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.29.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    ],
    targets: [
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "SegmentJSON"),
        .target(name: "SegmentArchive", dependencies: archiveDependencies, swiftSettings: archiveSettings),
        .target(name: "SegmentMapping", dependencies: ["SegmentJSON"]),
        .target(name: "MetronomeEvents", dependencies: ["SegmentJSON", "SegmentMapping", "SegmentArchive"]),
        .target(
            name: "MetronomeIngest",
            dependencies: [
                "SegmentJSON", "SegmentArchive", "MetronomeEvents",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .target(
            name: "MetronomeMock",
            dependencies: [
                "SegmentJSON", "SegmentArchive", "MetronomeEvents",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]),
        .target(name: "RunLedger", dependencies: [.product(name: "GRDB", package: "GRDB.swift")]),
        .target(
            name: "FuzzChecks", dependencies: ["SegmentJSON", "SegmentArchive", "SegmentMapping", "MetronomeEvents"]),
        .target(
            name: "ConversionPipeline",
            dependencies: [
                "SegmentJSON", "SegmentArchive", "SegmentMapping", "MetronomeEvents", "MetronomeIngest", "RunLedger",
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(
            name: "segment-metronome",
            dependencies: [
                "ConversionPipeline", "MetronomeEvents", "SegmentMapping", "SegmentArchive", "MetronomeIngest",
                "MetronomeMock", "SegmentJSON", "RunLedger",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(name: "SegmentJSONTests", dependencies: ["SegmentJSON", "FuzzChecks"]),
        .testTarget(name: "SegmentArchiveTests", dependencies: ["SegmentArchive", "FuzzChecks"]),
        .testTarget(name: "SegmentMappingTests", dependencies: ["SegmentMapping", "SegmentJSON", "FuzzChecks"]),
        .testTarget(
            name: "MetronomeEventsTests",
            dependencies: ["MetronomeEvents", "SegmentMapping", "SegmentJSON", "FuzzChecks"]),
        .testTarget(name: "RunLedgerTests", dependencies: ["RunLedger"]),
        .testTarget(
            name: "MetronomeIngestTests",
            dependencies: [
                "MetronomeIngest", "MetronomeEvents", "SegmentJSON", .product(name: "NIOSSL", package: "swift-nio-ssl"),
                // A tiny HTTP server for IngestClient's tests (large bodies, no answer at all).
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]),
        .testTarget(
            name: "ConversionPipelineTests",
            dependencies: [
                "ConversionPipeline", "SegmentArchive", "SegmentJSON", "SegmentMapping", "MetronomeMock",
                "MetronomeIngest",
                "RunLedger",
            ]),
        .testTarget(
            name: "MetronomeMockTests",
            dependencies: [
                "MetronomeMock", "MetronomeEvents", "SegmentArchive",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]),
        .testTarget(
            name: "SegmentMetronomeCLITests",
            dependencies: [
                "segment-metronome", "ConversionPipeline", "MetronomeIngest", "MetronomeMock", "SegmentArchive",
            ],
            // sdk_compat.py: Metronome's Python SDK against serve-mock (SDKCompatibilityTests runs it).
            exclude: ["Fixtures"]),
    ] + extraTargets
)
