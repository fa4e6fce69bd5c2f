/// Deterministic generator of realistic Segment archive lines, for tests, demos and benchmarks.
///
/// Line `index` depends only on `(seed, index)`, so a corpus can be produced in any order, in parallel
/// and in pieces. About 70 % of the lines are `track` calls; the rest are `identify`, `page`, `screen`,
/// `group` and `alias` calls shaped like the Segment Spec examples, from three kinds of sender:
///
/// * browser (analytics.js "next", `channel: "client"`): keys sorted, `_metadata`, `projectId`, a full
///   `context` with `page`, `userAgent` and `userAgentData`;
/// * server (analytics-node, -python, -go, `channel: "server"`): keys in the Spec-example order, a small
///   `context` whose keys are in insertion order, sometimes `sentAt: null` and a `writeKey`;
/// * mobile (analytics-swift, -kotlin, `channel: "mobile"`): keys sorted, `app`, `device`, `network`,
///   `os`, `screen` in `context`.
///
/// Values exercise a converter: raw UTF-8 (`é`, `日本語`, `😀`) and JSON escapes (`\"`, `\\`, `\n`, `\t`,
/// `\u00e9`, `\/`, `\ud83d\ude00`) in strings; every number spelling (`12`, `-3`, `12.50`, `1e3`,
/// `1.5E-7`, `-0`, `12345678901234567890`, `0.1`) and nested objects, arrays, `null` and `""` in
/// `properties`. About 60 % of track calls carry `context.groupId` and about 5 % of all calls have no
/// `userId`; about 2 % of calls write `timestamp` and `originalTimestamp` with a `+00:00` offset.
///
/// Received days: day 0 holds lines 0..<250, and each following day twice as many lines as the one
/// before, up to 256,000 lines a day. A small corpus therefore still spans several days and the
/// 1,000,000-line benchmark corpus spans 13. Every third day belongs to a second, older source id.
public struct CorpusGenerator: Sendable {
    /// The seed after mixing, so that nearby seeds give unrelated corpora.
    private let key: UInt64
    /// Days since 1970-01-01 of received day 0.
    private let firstDay: Int
    /// The 22-character source id of days 0, 1, 3, 4, 6, …
    private let primarySourceId: [UInt8]
    /// The 10-character source id (the older format) of days 2, 5, 8, …
    private let legacySourceId: [UInt8]
    /// The 32-character write key that some server calls carry.
    private let writeKey: [UInt8]

    /// Creates the generator for the corpus identified by `seed`.
    public init(seed: UInt64) {
        key = mix64(seed ^ 0x243F_6A88_85A3_08D3)
        // 19_723 is 2024-01-01; the seed moves the corpus within the following 300 days.
        firstDay = 19_723 + Int(mix64(key ^ 0x1) % 300)
        primarySourceId = Self.base62(count: 22, state: key ^ 0x2)
        legacySourceId = Self.base62(count: 10, state: key ^ 0x3)
        writeKey = Self.base62(count: 32, state: key ^ 0x4)
    }

    /// Appends line number `index` (0-based, global across the corpus) of the corpus, without the
    /// trailing newline, to `buffer`.
    ///
    /// Deterministic: depends only on (seed, index). No allocation beyond buffer growth on the common
    /// path (the string tables are static).
    public func appendLine(index: Int, to buffer: inout [UInt8]) {
        // Beyond 2^39 lines the received days would pass the year 9999.
        precondition(index >= 0 && index < 1 << 39, "line index out of range")
        let block = DayBlock(containing: index)
        // The writer owns the buffer while it works; swapping keeps it uniquely referenced, so appends
        // never copy it.
        var writer = LineWriter(
            out: [],
            random: SplitMix64(state: mix64(key ^ UInt64(index))),
            key: key,
            sourceId: block.isLegacySource ? legacySourceId : primarySourceId,
            writeKey: writeKey)
        swap(&writer.out, &buffer)
        writer.writeLine(index: index, dayStartMs: Int64(firstDay + block.day) * millisecondsPerDay, block: block)
        swap(&writer.out, &buffer)
    }

    /// The S3 layout for a corpus of `events` lines in `files` files: relative paths like
    /// `segment-logs/<sourceId>/<dayEpochMs>/<name>.gz` and the half-open range of line indices each file
    /// holds (files as equal as possible, in order).
    ///
    /// A file's folder is the received day and source of its middle line: a file that straddles a day
    /// boundary also holds lines whose `receivedAt` is on a neighbouring day (the day schedule is in
    /// the type's documentation). Returns exactly `files` entries, some empty when `events < files`;
    /// names are unique and sort in line order.
    public func layout(events: Int, files: Int) -> [(relativePath: String, lines: Range<Int>)] {
        precondition(events >= 0, "events must not be negative")
        precondition(files > 0, "files must be positive")
        let base = events / files
        let extra = events % files
        var result: [(relativePath: String, lines: Range<Int>)] = []
        result.reserveCapacity(files)
        var start = 0
        for file in 0..<files {
            let count = base + (file < extra ? 1 : 0)
            let block = DayBlock(containing: start + count / 2)
            let sourceId = block.isLegacySource ? legacySourceId : primarySourceId
            let dayMs = Int64(firstDay + block.day) * millisecondsPerDay
            var number = String(file)
            if number.count < 5 { number = String(repeating: "0", count: 5 - number.count) + number }
            var tag = String(mix64(key ^ 0x5 ^ UInt64(file) &* 0x9E37_79B9_7F4A_7C15) >> 32, radix: 16)
            if tag.count < 8 { tag = String(repeating: "0", count: 8 - tag.count) + tag }
            let path = "segment-logs/\(String(decoding: sourceId, as: UTF8.self))/\(dayMs)/part-\(number)-\(tag).gz"
            result.append((relativePath: path, lines: start..<(start + count)))
            start += count
        }
        return result
    }

    /// `count` characters of `[0-9A-Za-z]`, like Segment source ids and write keys.
    private static func base62(count: Int, state: UInt64) -> [UInt8] {
        var random = SplitMix64(state: state)
        var bytes: [UInt8] = []
        for _ in 0..<count {
            let value = random.below(62)
            bytes.append(
                value < 10 ? 0x30 + UInt8(value) : value < 36 ? 0x41 + UInt8(value - 10) : 0x61 + UInt8(value - 36))
        }
        return bytes
    }
}

private let millisecondsPerDay: Int64 = 86_400_000

/// SplitMix64's output function: a bijection on `UInt64` with good avalanche.
@inline(__always)
private func mix64(_ value: UInt64) -> UInt64 {
    var z = value
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}

/// The SplitMix64 generator (Steele, Lea, Flood 2014).
private struct SplitMix64 {
    var state: UInt64

    @inline(__always)
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return mix64(state)
    }

    /// A value in `0..<bound` (bound < 2^32); the multiply-shift bias is far below what matters here.
    @inline(__always)
    mutating func below(_ bound: Int) -> Int {
        Int(truncatingIfNeeded: ((next() >> 32) &* UInt64(truncatingIfNeeded: bound)) >> 32)
    }

    /// True with probability `percent` / 100.
    @inline(__always)
    mutating func chance(_ percent: Int) -> Bool {
        below(100) < percent
    }
}

/// The received day a line belongs to and the block of line indices received on that day.
private struct DayBlock {
    static let firstSize = 250
    static let maximumSize = 256_000

    var day: Int
    var start: Int
    var size: Int

    init(containing index: Int) {
        var day = 0
        var start = 0
        var size = Self.firstSize
        while size < Self.maximumSize {
            if index < start + size {
                self.day = day
                self.start = start
                self.size = size
                return
            }
            start += size
            size *= 2
            day += 1
        }
        let skipped = (index - start) / size
        self.day = day + skipped
        self.start = start + skipped * size
        self.size = size
    }

    var isLegacySource: Bool { day % 3 == 2 }
}

private enum CallType { case track, identify, page, screen, group, alias }

private enum Channel { case browser, server, mobile }

private enum ServerLibrary { case node, python, go }

private enum PropertyShape { case apiCall, order, pageView, subscription, export, metering, message, login }

/// Writes one line; holds the buffer, the line's random stream and the per-corpus values.
private struct LineWriter {
    var out: [UInt8]
    var random: SplitMix64
    let key: UInt64
    let sourceId: [UInt8]
    let writeKey: [UInt8]

    // MARK: Line assembly

    mutating func writeLine(index: Int, dayStartMs: Int64, block: DayBlock) {
        let messageBits = mix64(key ^ UInt64(index))  // a bijection of index: messageIds never repeat
        let messageBits2 = random.next()

        let typeRoll = random.below(100)
        let type: CallType =
            typeRoll < 70
            ? .track
            : typeRoll < 79
                ? .identify
                : typeRoll < 90
                    ? .page
                    : typeRoll < 95 ? .screen : typeRoll < 99 ? .group : .alias
        let channelRoll = random.below(100)
        let channel: Channel
        switch type {
        case .track: channel = channelRoll < 45 ? .browser : channelRoll < 85 ? .server : .mobile
        case .identify: channel = channelRoll < 50 ? .browser : channelRoll < 80 ? .server : .mobile
        case .page: channel = .browser
        case .screen: channel = .mobile
        case .group: channel = channelRoll < 50 ? .browser : .server
        case .alias: channel = channelRoll < 60 ? .browser : .mobile
        }

        // Users are skewed towards low numbers so that some users (and their accounts) are busy.
        let userRoll = random.below(40_000)
        let user = userRoll * random.below(40_000) / 40_000
        let hasUserId = type == .alias || random.below(1000) >= 50
        let hasAnonymousId = !hasUserId || channel != .server || random.chance(25)
        let contextGroupId = random.chance(type == .track ? 60 : 20)
        let offsetStyle = random.chance(2)

        // receivedAt advances through the day with the line index; the client clock is skewed and the
        // call was queued before it was sent, as the Spec's timestamp formula assumes.
        let offsetInBlock = Int64(index - block.start)
        let jitter = Int64(random.next() % UInt64(millisecondsPerDay))
        let receivedAt = dayStartMs + (offsetInBlock * millisecondsPerDay + jitter) / Int64(block.size)
        let network = Int64(20 + random.below(900))
        var queued = Int64(random.below(2_000))
        if channel == .mobile && random.chance(3) { queued += Int64(random.below(6 * 3_600_000)) }
        let skew = channel == .server ? 0 : Int64(random.below(60_001) - 30_000)
        let sentAt = receivedAt - network + skew
        let originalTimestamp = sentAt - queued
        let timestamp = receivedAt - queued

        let line = LineFacts(
            type: type, channel: channel, user: user, hasUserId: hasUserId, hasAnonymousId: hasAnonymousId,
            contextGroupId: contextGroupId, account: account(of: user), offsetStyle: offsetStyle,
            messageBits: messageBits, messageBits2: messageBits2, receivedAt: receivedAt, sentAt: sentAt,
            originalTimestamp: originalTimestamp, timestamp: timestamp)
        if channel == .server {
            writeServerLine(line)
        } else {
            writeSortedLine(line)
        }
    }

    /// Browser and mobile lines: keys in sorted order, as in archived analytics.js "next" payloads.
    mutating func writeSortedLine(_ line: LineFacts) {
        put("{")
        if line.channel == .browser && random.chance(50) {
            put(#""_metadata":"#)
            put(metadataVariants[random.below(metadataVariants.count)])
            put(",")
        }
        if line.hasAnonymousId {
            put(#""anonymousId":""#)
            writeAnonymousId(line)
            put(#"","#)
        }
        if line.type == .page && random.chance(40) {
            put(#""category":""#)
            put(pageCategories[random.below(pageCategories.count)])
            put(#"","#)
        }
        put(line.channel == .browser ? #""channel":"client","context":"# : #""channel":"mobile","context":"#)
        if line.channel == .browser {
            writeBrowserContext(line)
        } else {
            writeMobileContext(line)
        }
        var shape = PropertyShape.login
        if line.type == .track {
            put(#","event":""#)
            shape = writeEventName()
            put(#"""#)
        }
        if line.type == .group {
            put(#","groupId":""#)
            writeAccount(line.account)
            put(#"""#)
        }
        put(#","integrations":"#)
        put(random.chance(80) ? "{}" : integrationVariants[random.below(integrationVariants.count)])
        put(#","messageId":""#)
        if line.channel == .browser {
            put("ajs-next-")
            hex(line.messageBits, digits: 16)
            hex(line.messageBits2, digits: 16)
        } else {
            uuid(line.messageBits, line.messageBits2, uppercase: true)
        }
        put(#"""#)
        var pageName: StaticString?
        if line.type == .page || line.type == .screen {
            let name =
                line.type == .page
                ? pageNames[random.below(pageNames.count)] : screenNames[random.below(screenNames.count)]
            put(#","name":""#)
            put(name)
            put(#"""#)
            pageName = name
        }
        put(#","originalTimestamp":""#)
        time(line.originalTimestamp, offset: line.offsetStyle)
        if line.type == .alias {
            put(#"","previousId":""#)
            writeAnonymousId(line)
        }
        put(#"","projectId":""#)
        put(sourceId)
        put(#"""#)
        switch line.type {
        case .track:
            put(#","properties":"#)
            writeTrackProperties(shape, line)
        case .page:
            put(#","properties":"#)
            writePageProperties(name: pageName)
        case .screen:
            put(#","properties":"#)
            writeScreenProperties(name: pageName)
        default:
            break
        }
        put(#","receivedAt":""#)
        time(line.receivedAt, offset: false)
        put(#"","sentAt":""#)
        time(line.sentAt, offset: false)
        put(#"","timestamp":""#)
        time(line.timestamp, offset: line.offsetStyle)
        put(#"""#)
        if line.type == .identify {
            put(#","traits":"#)
            writeIdentifyTraits(line)
        } else if line.type == .group {
            put(#","traits":"#)
            writeGroupTraits(line)
        }
        put(#","type":""#)
        put(typeNames(line.type))
        put(#"""#)
        if line.hasUserId {
            put(#","userId":""#)
            writeUserId(line.user)
            put(#"""#)
        }
        put(#","version":2}"#)
    }

    /// Server lines: keys in the order of the Spec's examples, `context` keys in insertion order.
    mutating func writeServerLine(_ line: LineFacts) {
        let libraryRoll = random.below(100)
        let library: ServerLibrary = libraryRoll < 60 ? .node : libraryRoll < 85 ? .python : .go
        put("{")
        if line.hasAnonymousId {
            put(#""anonymousId":""#)
            writeAnonymousId(line)
            put(#"","#)
        }
        put(#""channel":"server","context":{"#)
        let groupFirst = random.chance(50)
        if line.contextGroupId && groupFirst {
            put(#""groupId":""#)
            writeAccount(line.account)
            put(#"","#)
        }
        switch library {
        case .node: put(#""library":{"name":"@segment/analytics-node","version":"2.1.2"}"#)
        case .python: put(#""library":{"name":"analytics-python","version":"2.3.2"}"#)
        case .go: put(#""library":{"name":"analytics-go","version":"3.0.0"}"#)
        }
        if random.chance(60) {
            put(#","ip":"10."#)
            int(random.below(256))
            put(".")
            int(random.below(256))
            put(".")
            int(1 + random.below(254))
            put(#"""#)
        }
        if line.contextGroupId && !groupFirst {
            put(#","groupId":""#)
            writeAccount(line.account)
            put(#"""#)
        }
        if random.chance(30) {
            put(#","traits":{"email":""#)
            let person = random.below(personNames.count)
            put(emails[person % emails.count])
            put(#"","name":""#)
            put(personNames[person])
            put(#"","plan":""#)
            put(plans[random.below(plans.count)])
            put(#"","seats":"#)
            int(1 + random.below(500))
            put("}")
        }
        if random.chance(60) {
            // Server senders forward the end user's client so that downstream tools can attribute it.
            put(serverAgents[random.below(serverAgents.count)])
        }
        put("}")
        var shape = PropertyShape.login
        if line.type == .track {
            put(#","event":""#)
            shape = writeEventName()
            put(#"""#)
        }
        put(#","integrations":"#)
        put(random.chance(70) ? "{}" : integrationVariants[random.below(integrationVariants.count)])
        put(#","messageId":""#)
        if library == .node {
            put("node-next-")
            int64(line.sentAt)
            put("-")
        }
        uuid(line.messageBits, line.messageBits2, uppercase: false)
        put(#"""#)
        if line.type == .alias {
            put(#","previousId":""#)
            writeAnonymousId(line)
            put(#"""#)
        }
        switch line.type {
        case .track:
            put(#","properties":"#)
            writeTrackProperties(shape, line)
        case .identify:
            put(#","traits":"#)
            writeIdentifyTraits(line)
        case .group:
            put(#","traits":"#)
            writeGroupTraits(line)
        default:
            break
        }
        put(#","receivedAt":""#)
        time(line.receivedAt, offset: false)
        if random.chance(10) {
            // Some server libraries send no sentAt; the archive then holds null.
            put(#"","sentAt":null,"timestamp":""#)
        } else {
            put(#"","sentAt":""#)
            time(line.sentAt, offset: false)
            put(#"","timestamp":""#)
        }
        time(line.timestamp, offset: line.offsetStyle)
        put(#"","type":""#)
        put(typeNames(line.type))
        put(#"""#)
        if line.hasUserId {
            put(#","userId":""#)
            writeUserId(line.user)
            put(#"""#)
        }
        if line.type == .group {
            put(#","groupId":""#)
            writeAccount(line.account)
            put(#"""#)
        }
        put(library == .python ? #","version":"1.1""# : #","version":2"#)
        put(#","originalTimestamp":""#)
        time(line.originalTimestamp, offset: line.offsetStyle)
        put(#"""#)
        if random.chance(15) {
            put(#","writeKey":""#)
            put(writeKey)
            put(#"""#)
        }
        put("}")
    }

    // MARK: Context objects

    mutating func writeBrowserContext(_ line: LineFacts) {
        put("{")
        if random.chance(20) {
            put(campaigns[random.below(campaigns.count)])
            put(",")
        }
        if line.contextGroupId {
            put(#""groupId":""#)
            writeAccount(line.account)
            put(#"","#)
        }
        put(#""ip":""#)
        publicIP()
        put(#"","library":{"name":"analytics.js","version":""#)
        put(ajsVersions[random.below(ajsVersions.count)])
        put(#""},"locale":""#)
        let zone = random.below(localeZones.count)
        put(localeZones[zone].locale)
        put(#"","page":{"path":""#)
        let page = random.below(pagePaths.count)
        put(pagePaths[page])
        put(#"","referrer":""#)
        put(referrers[random.below(referrers.count)])
        put(#"","search":""#)
        let search = searches[random.below(searches.count)]
        put(search)
        put(#"","title":""#)
        put(pageTitles[random.below(pageTitles.count)])
        put(#"","url":"https://app.acme.io"#)
        put(pagePaths[page])
        put(search)
        put(#""},"timezone":""#)
        put(localeZones[zone].zone)
        put(#"""#)
        if random.chance(30) {
            put(#","traits":{"email":""#)
            put(emails[random.below(emails.count)])
            put(#""}"#)
        }
        put(browserAgents[random.below(browserAgents.count)])
        put("}")
    }

    mutating func writeMobileContext(_ line: LineFacts) {
        let ios = random.chance(55)
        put(
            ios
                ? #"{"app":{"build":"4821","name":"Acme","namespace":"io.acme.app","version":"5.12.0"},"device":{"adTrackingEnabled":false,"id":""#
                : #"{"app":{"build":"4821","name":"Acme","namespace":"io.acme.android","version":"5.12.0"},"device":{"adTrackingEnabled":false,"id":""#
        )
        uuid(mix64(key ^ 0x77 ^ UInt64(line.user)), mix64(key ^ 0x78 ^ UInt64(line.user)), uppercase: ios)
        put(
            ios
                ? #"","manufacturer":"Apple","model":"iPhone15,2","name":"iPhone","type":"ios"}"#
                : #"","manufacturer":"Google","model":"Pixel 8","name":"shiba","type":"android"}"#)
        if line.contextGroupId {
            put(#","groupId":""#)
            writeAccount(line.account)
            put(#"""#)
        }
        put(#","ip":""#)
        publicIP()
        put(
            ios
                ? #"","library":{"name":"analytics-swift","version":"1.5.2"},"locale":""#
                : #"","library":{"name":"analytics-kotlin","version":"1.14.2"},"locale":""#)
        let zone = random.below(localeZones.count)
        put(localeZones[zone].locale)
        put(#"","network":{"bluetooth":false,"carrier":""#)
        put(carriers[random.below(carriers.count)])
        put(#"","cellular":"#)
        let cellular = random.chance(40)
        put(cellular ? #"true,"wifi":false}"# : #"false,"wifi":true}"#)
        put(
            ios
                ? #","os":{"name":"iOS","version":"17.1.2"},"screen":{"density":3,"height":844,"width":390}"#
                : #","os":{"name":"Android","version":"14"},"screen":{"density":2.625,"height":2400,"width":1080}"#)
        put(#","timezone":""#)
        put(localeZones[zone].zone)
        put(#"","traits":{"anonymousId":""#)
        writeAnonymousId(line)
        put(#""}}"#)
    }

    // MARK: Call-specific objects

    /// Writes a track event name (without quotes) and returns the shape of its properties.
    mutating func writeEventName() -> PropertyShape {
        let roll = random.below(1000)
        let name: StaticString
        let shape: PropertyShape
        switch roll {
        case ..<250: name = "API Call"; shape = .apiCall
        case ..<290: name = "Webhook Delivered"; shape = .apiCall
        case ..<360: name = "Order Completed"; shape = .order
        case ..<390: name = "Invoice Paid"; shape = .order
        case ..<460: name = "Page Viewed"; shape = .pageView
        case ..<490: name = "Feature Used"; shape = .pageView
        case ..<540: name = "Signed Up"; shape = .subscription
        case ..<570: name = "Subscription Upgraded"; shape = .subscription
        case ..<590: name = "Seat Added"; shape = .subscription
        case ..<660: name = "Report Exported"; shape = .export
        case ..<690: name = "File Uploaded"; shape = .export
        case ..<770: name = "Compute Used"; shape = .metering
        case ..<810: name = "Storage Used"; shape = .metering
        case ..<850: name = "Workflow Run"; shape = .metering
        case ..<900: name = "Message Sent"; shape = .message
        case ..<940: name = "Search Performed"; shape = .message
        case ..<970: name = "Logged In"; shape = .login
        case ..<980: name = "Rapport export\\u00e9"; shape = .export
        case ..<990: name = "Café Ordered ☕"; shape = .order
        default: name = "Login"; shape = .login
        }
        put(name)
        return shape
    }

    mutating func writeTrackProperties(_ shape: PropertyShape, _ line: LineFacts) {
        switch shape {
        case .apiCall: writeAPICallProperties()
        case .order: writeOrderProperties()
        case .pageView: writePageViewProperties()
        case .subscription: writeSubscriptionProperties()
        case .export: writeExportProperties()
        case .metering: writeMeteringProperties(line)
        case .message: writeMessageProperties()
        case .login: writeLoginProperties()
        }
        // Most apps attach a few super-properties to every event; they go before the closing brace.
        if random.chance(60) && out[out.count - 2] != UInt8(ascii: "{") {
            out.removeLast()
            put(#","environment":"production","session_id":""#)
            hex(random.next(), digits: 16)
            put(#"","app_version":"5."#)
            int(random.below(20))
            put(".")
            int(random.below(10))
            put(#""}"#)
        }
    }

    mutating func writeAPICallProperties() {
        put(#"{"endpoint":""#)
        put(endpoints[random.below(endpoints.count)])
        put(#"","method":""#)
        put(httpMethods[random.below(httpMethods.count)])
        put(#"","status":"#)
        put(httpStatuses[random.below(httpStatuses.count)])
        put(#","latency_ms":"#)
        let latency = 1 + random.below(random.chance(10) ? 30_000 : 800)
        int(latency)
        put(#","duration_s":"#)
        fixed(latency, places: 3)
        put(#","region":"#)
        put(regions[random.below(regions.count)])
        put(#","request":{"bytes":"#)
        int(random.below(65_536))
        put(#","compressed":"#)
        put(random.chance(50) ? "true" : "false")
        put(#","content_type":"application/json","headers":{"accept":"application/json","accept-language":""#)
        put(localeZones[random.below(localeZones.count)].locale)
        put(#"","x-forwarded-for":"#)
        put(random.chance(50) ? "null" : #""203.0.113.7, 10.0.0.1""#)
        put(#","x-request-id":""#)
        hex(random.next(), digits: 16)
        put(#""},"id":"req_"#)
        hex(random.next(), digits: 16)
        put(#""},"response":{"bytes":"#)
        scientific()
        put(#","cache":""#)
        put(random.chance(30) ? "HIT" : "MISS")
        put(#""},"tokens":{"input":"#)
        int(random.below(200_000))
        put(#","output":"#)
        int(random.below(8_000))
        put(#","cached":0},"cost_usd":"#)
        switch random.below(4) {
        case 0: put("1.5E-7")
        case 1: put("0.1")
        case 2: fixed(random.below(100_000), places: 6)
        default: scientific()
        }
        put(#","tags":["prod","api-v2",""#)
        put(tags[random.below(tags.count)])
        put(#""],"client":{"name":"acme-"#)
        put(sdkNames[random.below(sdkNames.count)])
        put(#"","version":"4."#)
        int(random.below(20))
        put(".")
        int(random.below(10))
        put(#""},"error":"#)
        put(
            random.chance(85)
                ? "null"
                : #"{"code":"rate_limited","message":"Too many requests \u2014 retry after 2s","retry_after":2}"#)
        put(#","retry":"#)
        put(random.chance(10) ? "true" : "false")
        put(#","notes":""}"#)
    }

    mutating func writeOrderProperties() {
        put(#"{"order_id":"ord_"#)
        int(100_000 + random.below(900_000))
        put(#"","checkout_id":"chk_"#)
        hex(random.next(), digits: 12)
        put(#"","affiliation":"Acme Store","total":"#)
        // Up to three products, chosen first so that the totals can be written before the list.
        let count = 1 + random.below(3)
        let products = (
            random.below(productNames.count), random.below(productNames.count), random.below(productNames.count)
        )
        let quantities = (1 + random.below(3), 1 + random.below(3), 1 + random.below(3))
        var subtotal = productCents[products.0] * quantities.0
        if count > 1 { subtotal += productCents[products.1] * quantities.1 }
        if count > 2 { subtotal += productCents[products.2] * quantities.2 }
        let tax = subtotal * 8 / 100
        let discount = random.chance(20) ? subtotal / 10 : 0
        fixed(subtotal + tax - discount, places: 2)
        put(#","subtotal":"#)
        fixed(subtotal, places: 2)
        put(#","revenue":"#)
        fixed(subtotal - discount, places: 2)
        put(#","shipping":0,"tax":"#)
        fixed(tax, places: 2)
        put(#","discount":"#)
        if discount == 0 {
            put("-0")
        } else {
            fixed(-discount, places: 2)
        }
        put(#","coupon":""#)
        put(discount == 0 ? "" : coupons[random.below(coupons.count)])
        put(#"","currency":""#)
        put(currencies[random.below(currencies.count)])
        put(#"","products":["#)
        writeProduct(products.0, quantity: quantities.0)
        if count > 1 {
            put(",")
            writeProduct(products.1, quantity: quantities.1)
        }
        if count > 2 {
            put(",")
            writeProduct(products.2, quantity: quantities.2)
        }
        put("]}")
    }

    mutating func writeProduct(_ product: Int, quantity: Int) {
        put(#"{"product_id":"p_"#)
        int(product + 100)
        put(#"","sku":"SKU-"#)
        int(product * 7_919 % 10_000)
        put(#"","name":""#)
        put(productNames[product])
        put(#"","price":"#)
        fixed(productCents[product], places: 2)
        put(#","quantity":"#)
        int(quantity)
        put(#","category":""#)
        put(productCategories[product])
        put(#"","url":"https:\/\/shop.acme.io\/p\/"#)
        int(product + 100)
        put(#"","image_url":null}"#)
    }

    mutating func writePageViewProperties() {
        let page = random.below(pagePaths.count)
        put(#"{"path":""#)
        put(pagePaths[page])
        put(#"","title":""#)
        put(pageTitles[random.below(pageTitles.count)])
        put(#"","url":"https://app.acme.io"#)
        put(pagePaths[page])
        put(#"","referrer":""#)
        put(referrers[random.below(referrers.count)])
        put(#"","load_time_ms":"#)
        int(50 + random.below(4_000))
        put(#","scroll_depth":"#)
        put(scrollDepths[random.below(scrollDepths.count)])
        put(#","feature":""#)
        put(features[random.below(features.count)])
        put(#"","experiments":{"new_nav":""#)
        put(random.chance(50) ? "control" : "variant_b")
        put(#"","pricing_v3":null},"viewport":{"height":"#)
        int(600 + random.below(800))
        put(#","width":"#)
        int(360 + random.below(2200))
        put(#"}}"#)
    }

    mutating func writeSubscriptionProperties() {
        put(#"{"plan":""#)
        put(plans[random.below(plans.count)])
        put(#"","previous_plan":"#)
        if random.chance(50) {
            put("null")
        } else {
            put(#"""#)
            put(plans[random.below(plans.count)])
            put(#"""#)
        }
        put(#","billing_cycle":""#)
        put(random.chance(60) ? "monthly" : "annual")
        put(#"","seats":"#)
        int(1 + random.below(250))
        put(#","seat_delta":"#)
        int(random.below(11) - 5)
        put(#","trial_days":14,"mrr":"#)
        fixed(random.below(5_000_000), places: 2)
        put(#","method":""#)
        put(random.chance(50) ? "google" : "email")
        put(#"","referral_code":"","display_name":""#)
        put(personNames[random.below(personNames.count)])
        put(#"","marketing_opt_in":"#)
        put(random.chance(50) ? "true" : "false")
        put(#","utm":{"campaign":"spring_launch","medium":"cpc","source":"google","term":null},"addons":["#)
        let addons = random.below(4)
        for position in 0..<addons {
            if position > 0 { put(",") }
            put(#"""#)
            put(addonNames[random.below(addonNames.count)])
            put(#"""#)
        }
        put("]}")
    }

    mutating func writeExportProperties() {
        put(#"{"report_id":"rpt_"#)
        hex(random.next(), digits: 10)
        put(#"","report_name":""#)
        put(pageTitles[random.below(pageTitles.count)])
        put(#"","format":""#)
        put(exportFormats[random.below(exportFormats.count)])
        put(#"","rows":"#)
        int(random.below(2_000_000))
        put(#","columns":"#)
        int(1 + random.below(60))
        put(#","size_bytes":"#)
        scientific()
        put(#","duration_ms":"#)
        fixed(random.below(1_000_000), places: 1)
        put(#","filters":{"date_range":["2024-01-01","2024-01-31"],"segments":[],"owner":null,"query":""#)
        put(searchQueries[random.below(searchQueries.count)])
        put(#""},"path":""#)
        put(exportPaths[random.below(exportPaths.count)])
        put(#"","note":""#)
        put(notes[random.below(notes.count)])
        put(#"","shared_with":[""#)
        put(emails[random.below(emails.count)])
        put(#"",""],"checksum":""#)
        hex(random.next(), digits: 16)
        hex(random.next(), digits: 16)
        put(#""}"#)
    }

    mutating func writeMeteringProperties(_ line: LineFacts) {
        put(#"{"resource":"vm-"#)
        hex(random.next(), digits: 8)
        put(#"","instance_type":""#)
        put(instanceTypes[random.below(instanceTypes.count)])
        put(#"","cpu_seconds":"#)
        int(random.below(86_400))
        put(#","gb_hours":"#)
        if random.chance(30) { put("0.1") } else { fixed(random.below(100_000), places: 3) }
        put(#","units":"#)
        scientific()
        put(#","error_rate":"#)
        put(random.chance(50) ? "1.5E-7" : "2.5e-5")
        put(#","temperature_delta":"#)
        put(random.chance(50) ? "-0" : "-0.0")
        put(#","offset":"#)
        int(-1 - random.below(1_000))
        put(#","trace_id":"#)
        if random.chance(20) {
            put("12345678901234567890")
        } else {
            uint(random.next() | (1 << 60))
        }
        put(#","samples":["#)
        let count = 3 + random.below(6)
        for position in 0..<count {
            if position > 0 { put(",") }
            anyNumber()
        }
        put(#"],"labels":{"env":""#)
        put(random.chance(80) ? "prod" : "staging")
        put(#"","team":""#)
        put(teams[random.below(teams.count)])
        put(#"","owner":"","account":""#)
        writeAccount(line.account)
        put(#""},"dimensions":[{"key":"region","value":"#)
        put(regions[random.below(regions.count)])
        put(#"},{"key":"zone","value":null}],"billable":"#)
        put(random.chance(90) ? "true" : "false")
        put("}")
    }

    mutating func writeMessageProperties() {
        put(#"{"channel":""#)
        put(random.chance(50) ? "sms" : "email")
        put(#"","to_country":""#)
        put(countries[random.below(countries.count)])
        put(#"","segments":"#)
        int(1 + random.below(4))
        put(#","encoding":""#)
        put(random.chance(50) ? "UCS-2" : "GSM-7")
        put(#"","body_preview":""#)
        put(notes[random.below(notes.count)])
        put(#"","query":""#)
        put(searchQueries[random.below(searchQueries.count)])
        put(#"","results":"#)
        int(random.below(500))
        put(#","filters":[],"sender":{"name":""#)
        put(personNames[random.below(personNames.count)])
        put(#"","email":""#)
        put(emails[random.below(emails.count)])
        put(#""},"price":"#)
        fixed(random.below(1_000), places: 4)
        put(#","template_id":null}"#)
    }

    mutating func writeLoginProperties() {
        if random.chance(40) {
            put("{}")
            return
        }
        put(#"{"method":""#)
        put(random.chance(60) ? "password" : "sso")
        put(#"","mfa":"#)
        put(random.chance(50) ? "true" : "false")
        put(#","attempt":"#)
        int(1 + random.below(3))
        put("}")
    }

    mutating func writePageProperties(name: StaticString?) {
        let page = random.below(pagePaths.count)
        put(#"{"path":""#)
        put(pagePaths[page])
        put(#"","referrer":""#)
        put(referrers[random.below(referrers.count)])
        put(#"","search":"","title":""#)
        put(pageTitles[random.below(pageTitles.count)])
        put(#"","url":"https://app.acme.io"#)
        put(pagePaths[page])
        put(#"""#)
        if let name {
            put(#","name":""#)
            put(name)
            put(#"""#)
        }
        put("}")
    }

    mutating func writeScreenProperties(name: StaticString?) {
        put("{")
        if let name {
            put(#""name":""#)
            put(name)
            put(#"","#)
        }
        put(#""variation":"blue signup button","load_ms":"#)
        int(20 + random.below(2_000))
        put("}")
    }

    mutating func writeIdentifyTraits(_ line: LineFacts) {
        let person = random.below(personNames.count)
        put(#"{"address":{"city":""#)
        put(cities[random.below(cities.count)])
        put(#"","country":"USA","postalCode":"94103","state":"CA","street":"6th St"},"company":{"id":""#)
        writeAccount(line.account)
        put(#"","name":""#)
        put(companyNames[line.account % companyNames.count])
        put(#""},"createdAt":"2023-06-01T12:00:00.000Z","email":""#)
        put(emails[person % emails.count])
        put(#"","logins":"#)
        int(random.below(5_000))
        put(#","name":""#)
        put(personNames[person])
        put(#"","phone":null,"plan":""#)
        put(plans[random.below(plans.count)])
        put(#"","title":""}"#)
    }

    mutating func writeGroupTraits(_ line: LineFacts) {
        put(#"{"name":""#)
        put(companyNames[line.account % companyNames.count])
        put(#"","industry":"Technology","employees":"#)
        int(1 + random.below(20_000))
        put(#","plan":""#)
        put(plans[random.below(plans.count)])
        put(#"","total billed":"#)
        fixed(random.below(10_000_000), places: 2)
        put(#","website":"https:\/\/acme.example\/"}"#)
    }

    // MARK: Identifiers

    func account(of user: Int) -> Int {
        let roll = Int(mix64(key ^ 0xACC7 ^ UInt64(user)) % 1_000)
        return roll * roll / 1_000  // skewed: a few large accounts, many small ones
    }

    mutating func writeAccount(_ account: Int) {
        put("acct_")
        int(account)
    }

    mutating func writeUserId(_ user: Int) {
        if user % 4 == 3 {
            hex(mix64(key ^ 0x05E7 ^ UInt64(user)), digits: 13)
        } else {
            put("user_")
            int(user)
        }
    }

    mutating func writeAnonymousId(_ line: LineFacts) {
        let uppercase = line.channel == .mobile
        if line.hasUserId {
            uuid(mix64(key ^ 0xA11 ^ UInt64(line.user)), mix64(key ^ 0xA12 ^ UInt64(line.user)), uppercase: uppercase)
        } else {
            // Anonymous visitors: a fresh id derived from the message, so it is stable per line.
            uuid(mix64(line.messageBits ^ 0xA13), line.messageBits2, uppercase: uppercase)
        }
    }

    // MARK: Scalars

    mutating func publicIP() {
        int(11 + random.below(212))
        put(".")
        int(random.below(256))
        put(".")
        int(random.below(256))
        put(".")
        int(1 + random.below(254))
    }

    /// A number in exponent notation: `1e3`, `2.5e-3`, `1.5E-7`, `3E+2`, `6.02e23`.
    mutating func scientific() {
        let mantissa = 1 + random.below(9)
        int(mantissa)
        if random.chance(50) {
            put(".")
            int(1 + random.below(99))
        }
        put(random.chance(70) ? "e" : "E")
        let sign = random.below(3)
        if sign == 1 { put("-") } else if sign == 2 { put("+") }
        int(random.below(24))
    }

    /// A number of any JSON spelling, as found in hand-built `properties`.
    mutating func anyNumber() {
        switch random.below(12) {
        case 0: int(random.below(100_000))
        case 1: int(-1 - random.below(10_000))
        case 2: fixed(random.below(100_000), places: 2)
        case 3: scientific()
        case 4: put("-0")
        case 5: uint(random.next() | (1 << 62))
        case 6: put("0.1")
        case 7: put("1.5E-7")
        case 8: put("12.50")
        case 9: put("0")
        case 10: put("-12345678901234567890")
        default: put("null")
        }
    }

    /// `YYYY-MM-DDTHH:mm:ss.sssZ`, or with `+00:00` instead of `Z` when `offset` is set.
    mutating func time(_ milliseconds: Int64, offset: Bool) {
        var days = milliseconds / millisecondsPerDay
        var rest = milliseconds % millisecondsPerDay
        if rest < 0 {
            rest += millisecondsPerDay
            days -= 1
        }
        // Civil-from-days (Howard Hinnant), valid for the proleptic Gregorian calendar.
        let z = Int(days) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        let millis = Int(rest)
        padded(year, width: 4)
        out.append(UInt8(ascii: "-"))
        padded(month, width: 2)
        out.append(UInt8(ascii: "-"))
        padded(day, width: 2)
        out.append(UInt8(ascii: "T"))
        padded(millis / 3_600_000, width: 2)
        out.append(UInt8(ascii: ":"))
        padded(millis / 60_000 % 60, width: 2)
        out.append(UInt8(ascii: ":"))
        padded(millis / 1_000 % 60, width: 2)
        out.append(UInt8(ascii: "."))
        padded(millis % 1_000, width: 3)
        put(offset ? "+00:00" : "Z")
    }

    // MARK: Byte output

    @inline(__always)
    mutating func put(_ text: StaticString) {
        text.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    @inline(__always)
    mutating func put(_ bytes: [UInt8]) {
        out.append(contentsOf: bytes)
    }

    mutating func int(_ value: Int) {
        if value < 0 {
            out.append(UInt8(ascii: "-"))
            uint(UInt64(value.magnitude))
        } else {
            uint(UInt64(value))
        }
    }

    mutating func int64(_ value: Int64) {
        int(Int(value))
    }

    mutating func uint(_ value: UInt64) {
        // Most significant digit first, so that nothing has to be reversed in place afterwards.
        var digits = 1
        while digits < powersOfTen.count && value >= powersOfTen[digits] { digits += 1 }
        for position in stride(from: digits - 1, through: 0, by: -1) {
            out.append(0x30 + UInt8(truncatingIfNeeded: value / powersOfTen[position] % 10))
        }
    }

    /// A non-negative `value` zero-padded to `width` digits.
    mutating func padded(_ value: Int, width: Int) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        while divisor > 0 {
            out.append(0x30 + UInt8(truncatingIfNeeded: value / divisor % 10))
            divisor /= 10
        }
    }

    /// `scaled / 10^places` written with exactly `places` decimals (`1250`, 2 → `12.50`).
    mutating func fixed(_ scaled: Int, places: Int) {
        if scaled < 0 { out.append(UInt8(ascii: "-")) }
        let magnitude = Int(scaled.magnitude)
        var divisor = 1
        for _ in 0..<places { divisor *= 10 }
        int(magnitude / divisor)
        out.append(UInt8(ascii: "."))
        padded(magnitude % divisor, width: places)
    }

    mutating func hex(_ value: UInt64, digits: Int) {
        var shift = (digits - 1) * 4
        while shift >= 0 {
            out.append(lowerHexDigits[Int((value >> UInt64(shift)) & 0xF)])
            shift -= 4
        }
    }

    /// An RFC 4122 version-4 UUID made of the two 64-bit values.
    mutating func uuid(_ high: UInt64, _ low: UInt64, uppercase: Bool) {
        let digits = uppercase ? upperHexDigits : lowerHexDigits
        let high = (high & ~0xF000) | 0x4000
        let low = (low & ~(0x3 << 62)) | (0x2 << 62)
        for position in 0..<32 {
            if position == 8 || position == 12 || position == 16 || position == 20 {
                out.append(UInt8(ascii: "-"))
            }
            let word = position < 16 ? high : low
            let shift = UInt64((15 - position % 16) * 4)
            out.append(digits[Int((word >> shift) & 0xF)])
        }
    }

    func typeNames(_ type: CallType) -> StaticString {
        switch type {
        case .track: "track"
        case .identify: "identify"
        case .page: "page"
        case .screen: "screen"
        case .group: "group"
        case .alias: "alias"
        }
    }
}

/// The decisions made for one line before its bytes are written.
private struct LineFacts {
    var type: CallType
    var channel: Channel
    var user: Int
    var hasUserId: Bool
    var hasAnonymousId: Bool
    var contextGroupId: Bool
    var account: Int
    var offsetStyle: Bool
    var messageBits: UInt64
    var messageBits2: UInt64
    var receivedAt: Int64
    var sentAt: Int64
    var originalTimestamp: Int64
    var timestamp: Int64
}

// MARK: - String tables
//
// Entries are JSON text as it appears inside the quotes (already escaped), so they are copied verbatim.
// Some deliberately use escapes (`\u00e9`, `\"`, `\\`, `\n`, `\t`, `\/`, surrogate pairs) and some raw
// UTF-8, so that converters see both spellings.

/// 10^0 … 10^19, every power of ten a `UInt64` holds.
private let powersOfTen: [UInt64] = (0..<20).map { exponent in
    (0..<exponent).reduce(UInt64(1)) { power, _ in power * 10 }
}

private let lowerHexDigits: [UInt8] = Array("0123456789abcdef".utf8)
private let upperHexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

private let metadataVariants: [StaticString] = [
    #"{"bundled":["Segment.io"],"bundledIds":[],"unbundled":[]}"#,
    #"{"bundled":["Google Analytics 4","Segment.io"],"bundledIds":["6385c3a2b5e5b0b1a2c3d4e5"],"unbundled":["Amplitude"]}"#,
    #"{"bundled":["Segment.io","Mixpanel"],"bundledIds":["5f8a1c2b3d4e5f6a7b8c9d0e","60aa1c2b3d4e5f6a7b8c9d0f"],"unbundled":[]}"#,
]

private let integrationVariants: [StaticString] = [
    #"{"All":true,"Mixpanel":false,"Salesforce":false}"#,
    #"{"All":false,"Amplitude":true}"#,
    #"{"Segment.io":true,"Actions Amplitude":{"session_id":1700000000000}}"#,
]

private let campaigns: [StaticString] = [
    #""campaign":{"content":"banner","medium":"cpc","name":"spring_launch","source":"google","term":"usage billing"}"#,
    #""campaign":{"medium":"email","name":"newsletter_2024_03","source":"newsletter"}"#,
    #""campaign":{"medium":"social","name":"launch_week","source":"twitter"}"#,
]

private let ajsVersions: [StaticString] = ["npm:next-1.61.0", "next-1.62.0", "npm:next-1.64.0"]

private let localeZones: [(locale: StaticString, zone: StaticString)] = [
    ("en-US", "America/Los_Angeles"), ("en-US", "America/New_York"), ("en-GB", "Europe/London"),
    ("ja-JP", "Asia/Tokyo"), ("fr-FR", "Europe/Paris"), ("de-DE", "Europe/Berlin"),
    ("pt-BR", "America/Sao_Paulo"),
]

private let pagePaths: [StaticString] = [
    "/", "/pricing", "/docs/api/usage", "/app/reports/2024", "/blog/%E6%97%A5%E6%9C%AC",
    "/settings/billing", "/app/dashboards/42",
]

private let referrers: [StaticString] = [
    "", "https://www.google.com/", "https://news.ycombinator.com/", "https://t.co/abc123", "https://app.acme.io/",
]

private let searches: [StaticString] = ["", "", "?utm_source=google&utm_medium=cpc", "?q=caf%C3%A9", "?ref=nav"]

private let pageTitles: [StaticString] = [
    "Pricing | Acme",
    "Acme — Usage-based billing",
    #"Caf\u00e9 dashboard \u2014 Acme"#,
    "日本語のドキュメント | Acme",
    #"Docs: \"Getting started\" guide"#,
    "Launch week 🚀😀",
    #"R\u00e9sum\u00e9 builder"#,
    #"Settings \/ Billing"#,
    #"Emoji \ud83d\ude00 test"#,
    #"Backslash \\ path C:\\temp"#,
    #"Tabs\tand\nnewlines"#,
    "Usage report Q1",
]

private let pageNames: [StaticString] = ["Home", "Pricing", "Docs", "Blog", "Settings", "Checkout", "Café Menu"]

private let pageCategories: [StaticString] = ["Docs", "Marketing", "App"]

private let screenNames: [StaticString] = ["Home", "Settings", "Checkout", "ホーム", "Profile"]

private let emails: [StaticString] = [
    "peter@example.com", "zoe.angstrom@example.se", "taro.yamada@example.jp", "jose@example.mx",
    "bob.oneil@example.com", "lea.mueller@example.de", "emilie@example.fr", "priya@example.in",
    "li.lei@example.cn", "olu@example.ng",
]

private let personNames: [StaticString] = [
    "Peter Gibbons", "Zoë Ångström", "山田 太郎", "José Álvarez", #"Dr. \"Bob\" O'Neil"#,
    #"Lea M\u00fcller"#, "Émilie 😀 Durand", "Priya Natarajan", #"\u674e\u96f7"#, "Olu Adébáyọ̀",
]

private let browserAgents: [StaticString] = [
    #","userAgent":"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36","userAgentData":{"brands":[{"brand":"Google Chrome","version":"119"},{"brand":"Chromium","version":"119"},{"brand":"Not?A_Brand","version":"24"}],"mobile":false,"platform":"macOS"}"#,
    #","userAgent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36","userAgentData":{"brands":[{"brand":"Not_A Brand","version":"8"},{"brand":"Chromium","version":"120"},{"brand":"Google Chrome","version":"120"}],"mobile":false,"platform":"Windows"}"#,
    #","userAgent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0","userAgentData":{"brands":[{"brand":"Not_A Brand","version":"8"},{"brand":"Chromium","version":"120"},{"brand":"Microsoft Edge","version":"120"}],"mobile":false,"platform":"Windows"}"#,
    #","userAgent":"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.6045.163 Mobile Safari/537.36","userAgentData":{"brands":[{"brand":"Google Chrome","version":"119"},{"brand":"Chromium","version":"119"},{"brand":"Not?A_Brand","version":"24"}],"mobile":true,"platform":"Android"}"#,
    #","userAgent":"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15""#,
    #","userAgent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:120.0) Gecko/20100101 Firefox/120.0""#,
]

/// Whole `,"userAgent":"…"` members for server-side senders.
private let serverAgents: [StaticString] = [
    #","userAgent":"acme-python/4.2.0 (Linux; x86_64) CPython/3.11.6""#,
    #","userAgent":"acme-node/3.8.1 node/20.10.0 (linux; arm64)""#,
    #","userAgent":"Go-http-client/2.0""#,
    #","userAgent":"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36""#,
]

private let carriers: [StaticString] = ["T-Mobile", "NTT DOCOMO", "Vodafone", "Orange", "Verizon"]

private let endpoints: [StaticString] = [
    "/v1/users", "/v1/users/{id}", "/v1/invoices", "/v2/usage/ingest", "/v1/reports/export", "/graphql",
    "/v1/search?q=caf%C3%A9",
]

private let httpMethods: [StaticString] = ["GET", "GET", "POST", "PUT", "DELETE", "PATCH"]

private let httpStatuses: [StaticString] = ["200", "200", "200", "200", "201", "204", "400", "404", "429", "500"]

/// JSON values (quoted, `null` or empty string), not string contents.
private let regions: [StaticString] = [
    #""us-east-1""#, #""us-west-2""#, #""eu-west-1""#, #""ap-northeast-1""#, "null", #""""#,
]

private let tags: [StaticString] = ["beta", "日本", "😀", #"caf\u00e9"#, #"tier\/gold"#, #"a\"b"#]

private let sdkNames: [StaticString] = ["python", "node", "go", "ruby", "java"]

private let productNames: [StaticString] = [
    "Café Crème", "Matcha 抹茶 Latte", "Usage credits (1,000)", "Seat license", #"T-shirt \"Acme\" XL"#,
    "Sticker pack 😀", "Priority support", "Storage 1 TB",
]

private let productCents: [Int] = [1_250, 575, 10_000, 2_900, 1_999, 300, 49_900, 2_300]

private let productCategories: [StaticString] = [
    "Coffee", "Tea", "Credits", "Licenses", "Merch", "Merch", "Support", "Storage",
]

private let coupons: [StaticString] = ["SPRING24", "WELCOME😀", #"caf\u00e9-10"#, #"VIP\/2024"#]

private let currencies: [StaticString] = ["USD", "EUR", "JPY", "GBP", "BRL"]

private let scrollDepths: [StaticString] = ["0.25", "0.5", "0.75", "1", "1.0", "0.1"]

private let features: [StaticString] = ["dashboards", "alerts", "ai_assistant", "billing_portal", "exports"]

private let plans: [StaticString] = ["free", "starter", "pro", "enterprise", "premium"]

private let addonNames: [StaticString] = ["sso", "audit_log", "extra_storage", "priority_support"]

private let exportFormats: [StaticString] = ["csv", "xlsx", "json", "parquet", "pdf"]

private let searchQueries: [StaticString] = [
    #"caf\u00e9 \"latte\""#, #"SELECT * FROM \"events\" WHERE name = 'x'"#, "日本語 検索", #"invoice 2024\/01"#, "",
    "emoji 😀 search",
]

private let exportPaths: [StaticString] = [
    #"C:\\Users\\l\u00e9a\\exports\\report.csv"#, "/home/ops/exports/usage.parquet",
    #"s3:\/\/acme-exports\/2024\/usage.json"#, #"\\\\fileserver\\share\\日本語.xlsx"#,
]

private let notes: [StaticString] = [
    #"Exported from dashboard\n\t\"Q1\" view"#,
    "こんにちは 😀 — your code is 123456",
    #"Line one\nLine two\r\nLine three"#,
    #"Caf\u00e9 cr\u00e8me \ud83d\ude00"#,
    #"Quote \" and backslash \\ and slash \/"#,
    "",
    "Plain ASCII note for the ops team",
    "Ünïcödé ✓ mixed 日本語 text",
    #"bell \u0007 and unit separator \u001f"#,
]

private let instanceTypes: [StaticString] = ["m5.large", "c6g.xlarge", "r6i.2xlarge", "t3.micro", "gpu.a100"]

private let teams: [StaticString] = ["platform", "日本語チーム", #"data \/ ml"#, "growth 😀", "ops"]

private let countries: [StaticString] = ["US", "JP", "DE", "FR", "BR", "IN", "GB"]

private let cities: [StaticString] = ["San Francisco", "東京", "München", "São Paulo", "Zürich", "New York"]

private let companyNames: [StaticString] = [
    "Initech", "Globex", "Umbrella Corp", "Hooli", "Société Générale d'Essai", "株式会社アクメ",
    "Stark Industries", #"Wayne \"Enterprises\""#, "Pied Piper", "Soylent 😀",
]
