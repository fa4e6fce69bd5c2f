import XCTest

@testable import RunLedger

final class ShardAssignmentTests: XCTestCase {
    // MARK: Parsing

    func testParsesIndexSlashCount() throws {
        let shard = try XCTUnwrap(ShardAssignment("2/8"))
        XCTAssertEqual(shard.index, 2)
        XCTAssertEqual(shard.count, 8)
        XCTAssertEqual(shard.description, "2/8")
        XCTAssertEqual(ShardAssignment("0/1"), ShardAssignment(index: 0, count: 1))
        XCTAssertEqual(ShardAssignment("7/8"), ShardAssignment(index: 7, count: 8))
    }

    func testRejectsAnIndexOutOfRangeAZeroCountAndWhatIsNotTwoIntegers() {
        for text in [
            "8/8", "9/8", "-1/3", "1/0", "0/0", "0/-1", "a/b", "1/b", "a/3", "", "/", "2/", "/8", "2", "2/8/1",
            "2 / 8", "2.0/8",
        ] {
            XCTAssertNil(ShardAssignment(text), "\"\(text)\" should be refused")
        }
        XCTAssertNil(ShardAssignment(index: 3, count: 3))
        XCTAssertNil(ShardAssignment(index: -1, count: 3))
        XCTAssertNil(ShardAssignment(index: 0, count: 0))
    }

    // MARK: Environment

    func testTheKubernetesIndexComesBeforeTheAWSBatchIndex() {
        let both = ["JOB_COMPLETION_INDEX": "3", "AWS_BATCH_JOB_ARRAY_INDEX": "5"]
        XCTAssertEqual(ShardAssignment.fromEnvironment(both, count: 8), ShardAssignment(index: 3, count: 8))
        XCTAssertEqual(
            ShardAssignment.fromEnvironment(["AWS_BATCH_JOB_ARRAY_INDEX": "5"], count: 8),
            ShardAssignment(index: 5, count: 8))
        XCTAssertEqual(
            ShardAssignment.fromEnvironment(["JOB_COMPLETION_INDEX": "0"], count: 2),
            ShardAssignment(index: 0, count: 2))
    }

    func testNoShardFromTheEnvironmentWhenNeitherIsSetOrTheIndexIsOutOfRange() {
        XCTAssertNil(ShardAssignment.fromEnvironment([:], count: 8))
        XCTAssertNil(ShardAssignment.fromEnvironment(["HOSTNAME": "worker-3"], count: 8))
        XCTAssertNil(ShardAssignment.fromEnvironment(["JOB_COMPLETION_INDEX": "8"], count: 8))
        XCTAssertNil(ShardAssignment.fromEnvironment(["AWS_BATCH_JOB_ARRAY_INDEX": "-1"], count: 8))
        XCTAssertNil(ShardAssignment.fromEnvironment(["JOB_COMPLETION_INDEX": "0"], count: 0))
    }

    // MARK: Ownership

    /// Paths shaped like Segment's S3 layout, `segment-logs/<source>/<day>/<file>.gz`.
    private func generatedPaths(_ count: Int) -> [String] {
        (0..<count).map { i in
            let day = 1_708_819_200_000 + 86_400_000 * Int64(i % 30)
            return "segment-logs/source\(i % 13)/\(day)/\(day + Int64(i) * 1_000).\(String(i * 7919, radix: 36)).gz"
        }
    }

    func testEveryPathIsOwnedByExactlyOneShardAndShardsAreBalanced() throws {
        let paths = generatedPaths(10_000)
        for count in [1, 3, 8] {
            let shards = try (0..<count).map { try XCTUnwrap(ShardAssignment(index: $0, count: count)) }
            var owned = [Int](repeating: 0, count: count)
            for path in paths {
                let owners = shards.filter { $0.owns(path) }
                XCTAssertEqual(owners.count, 1, "\(path) with \(count) shards is owned by \(owners)")
                if let owner = owners.first { owned[owner.index] += 1 }
            }
            XCTAssertEqual(owned.reduce(0, +), paths.count)
            let mean = Double(paths.count) / Double(count)
            for (index, files) in owned.enumerated() {
                XCTAssertLessThanOrEqual(
                    abs(Double(files) - mean), mean * 0.2,
                    "shard \(index)/\(count) has \(files) of \(paths.count) files"
                )
            }
        }
    }

    func testOwnershipDependsOnlyOnTheRelativePath() throws {
        let shard = try XCTUnwrap(ShardAssignment("1/3"))
        for path in generatedPaths(200) {
            XCTAssertEqual(shard.owns(path), shard.owns(String(path)))
            XCTAssertEqual(shard.owns(path), ShardAssignment(index: 1, count: 3)!.owns(path))
        }
    }

    /// Shards must not move between versions: a run of version N+1 must find a file in the shard where
    /// version N recorded it. These are FNV-1a 64 of the UTF-8 path, mod N, computed independently; a
    /// change of hash (or of how the path is encoded) breaks this test, and must not be made lightly.
    func testTheAssignmentOfKnownPathsNeverChanges() throws {
        let expected: [(path: String, shards: [Int: Int])] = [
            ("segment-logs/src/1708819200000/1708822800000.a1b2c3.gz", [3: 1, 8: 6, 16: 6, 100: 10]),
            ("a.gz", [3: 1, 8: 3, 16: 11, 100: 3]),
            ("events/2024/02/25/part-00001.json.gz", [3: 0, 8: 1, 16: 9, 100: 33]),
            ("x", [3: 2, 8: 7, 16: 7, 100: 71]),
            ("café/ü.gz", [3: 2, 8: 0, 16: 0, 100: 8]),
        ]
        for (path, shards) in expected {
            for (count, index) in shards {
                let owner = try (0..<count).filter {
                    try XCTUnwrap(ShardAssignment(index: $0, count: count)).owns(path)
                }
                XCTAssertEqual(owner, [index], "\(path) with \(count) shards")
            }
            XCTAssertTrue(ShardAssignment(index: 0, count: 1)!.owns(path))
        }
        var hash = FNV1a()
        hash.add("segment-logs/src/1708819200000/1708822800000.a1b2c3.gz")
        XCTAssertEqual(hash.value, 0xea9c_eb2b_b6a5_d746)
    }
}
