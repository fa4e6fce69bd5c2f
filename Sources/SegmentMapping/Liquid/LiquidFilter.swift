/// The Liquid filters segment-metronome implements, and the names upstream disables.
///
/// Every other filter LiquidJS offers (`url_encode`, `split`, `json`, …) is refused when the template is
/// compiled, naming the filter, so that nothing is ever rendered approximately.
enum LiquidFilter: String, Sendable, CaseIterable {
    case upcase
    case downcase
    case capitalize
    case `default`
    case append
    case prepend
    case replace
    case replaceFirst = "replace_first"
    case remove
    case removeFirst = "remove_first"
    case strip
    case lstrip
    case rstrip
    case size
    case slice
    case truncate
    case plus
    case minus
    case times
    case dividedBy = "divided_by"
    case modulo
    case round
    case ceil
    case floor
    case abs
    case date

    /// The filters Segment's runtime replaces with one that throws `filter "<name>" is disabled`
    /// (SEMANTICS 4.6).
    static let disabledNames: Set<String> = [
        "array_to_sentence_string", "concat", "find", "find_exp", "find_index", "find_index_exp", "group_by",
        "group_by_exp", "has", "has_exp", "map", "newline_to_br", "reject", "reject_exp", "reverse", "sort",
        "sort_natural", "uniq", "where_exp", "type",
    ]

    /// The filter called `name`, or the error that rejects it.
    static func named(_ name: String) throws(LiquidError) -> LiquidFilter {
        if disabledNames.contains(name) { throw LiquidError("filter \"\(name)\" is disabled") }
        guard let filter = LiquidFilter(rawValue: name) else {
            throw LiquidError("filter \"\(name)\" is not supported by segment-metronome")
        }
        return filter
    }

    /// Checks the arguments a call passes, where LiquidJS would fail or where segment-metronome does not follow.
    ///
    /// Extra positional arguments are accepted wherever JavaScript ignores them (`upcase: 1`); `append` and
    /// `prepend` take exactly one (LiquidJS asserts it); keyword arguments exist only as `default`'s
    /// `allow_false`; `date` takes at most a format (no time zone argument: output is always UTC).
    func validate(positional: Int, keywords: [String]) throws(LiquidError) {
        switch self {
        case .append, .prepend:
            if positional != 1 {
                throw LiquidError("filter \"\(rawValue)\" expects 1 argument, got \(positional)")
            }
        case .default:
            if positional > 1 {
                throw LiquidError("filter \"default\" expects at most 1 argument, got \(positional)")
            }
            for keyword in keywords where keyword != "allow_false" {
                throw LiquidError("filter \"default\" has no keyword argument \"\(keyword)\"")
            }
            if !keywords.isEmpty && positional == 0 {
                throw LiquidError("filter \"default\" needs its default value before allow_false")
            }
            return
        case .date:
            if positional > 1 {
                throw LiquidError(
                    "filter \"date\" takes only a format in segment-metronome (dates are always rendered in UTC)")
            }
        default:
            break
        }
        if let keyword = keywords.first {
            throw LiquidError("filter \"\(rawValue)\" has no keyword argument \"\(keyword)\"")
        }
    }
}
