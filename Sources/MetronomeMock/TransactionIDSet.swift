/// The accepted `transaction_id`s, split over 64 sets so that a growing set rehashes a 64th of the IDs
/// at a time: a stand-in holding millions of IDs never stalls every request for a whole-set rehash.
/// Not thread-safe (the service guards it with its lock).
struct TransactionIDSet {
    private var shards = [Set<String>](repeating: [], count: 64)

    init() {}

    /// Inserts `id`; returns false when it was already there.
    mutating func insert(_ id: String) -> Bool { shards[Self.shard(id)].insert(id).inserted }

    mutating func remove(_ id: String) { shards[Self.shard(id)].remove(id) }

    /// Every ID, as one set (O(count), for inspection).
    var all: Set<String> { shards.reduce(into: Set<String>()) { $0.formUnion($1) } }

    /// A shard chosen by FNV-1a of the UTF-8 bytes, independent of the sets' own (seeded) hashing.
    private static func shard(_ id: String) -> Int {
        var hash: UInt32 = 2_166_136_261
        for byte in id.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return Int(hash >> 26)
    }
}
