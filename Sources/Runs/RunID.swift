import Foundation

/// Run ids sort by start time and stay unique across processes started in the same millisecond.
///
/// Form: `20261129-100012-345-7f3a9c` — UTC date and time to the millisecond, then 24 random bits;
/// the folder is created with `mkdir`, which fails on a clash, and a clash draws new bits.
enum RunID {
    static func make(at date: Date = Date()) -> String {
        var t = time_t(date.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&t, &parts)
        let ms = Int((date.timeIntervalSince1970 - Double(t)) * 1000)
        let random = UInt32.random(in: 0..<(1 << 24))
        return String(format: "%04d%02d%02d-%02d%02d%02d-%03d-%06x", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                      parts.tm_hour, parts.tm_min, parts.tm_sec, ms, random)
    }
}
