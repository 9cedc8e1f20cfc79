import Foundation

/// A fast parser for the flat JSON objects of metric and score lines (`{"step":1,"loss":0.5,"id":"q1"}`).
///
/// Handles objects whose values are numbers, strings without escapes, booleans and null; returns nil for
/// anything else, and the caller then uses Foundation's general parser.
enum FlatJSONParser {
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> [String: JSONValue]? {
        var i = 0
        let n = bytes.count
        func skipSpace() { while i < n, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0D { i += 1 } }
        func plainString() -> String? { // after the opening quote; no escapes
            let start = i
            while i < n, bytes[i] != 0x22 {
                if bytes[i] == 0x5C || bytes[i] < 0x20 { return nil }
                i += 1
            }
            guard i < n else { return nil }
            let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
            i += 1
            return s
        }
        skipSpace()
        guard i < n, bytes[i] == 0x7B else { return nil }
        i += 1
        var fields: [String: JSONValue] = [:]
        skipSpace()
        if i < n, bytes[i] == 0x7D { i += 1; skipSpace(); return i == n ? fields : nil }
        while true {
            skipSpace()
            guard i < n, bytes[i] == 0x22 else { return nil }
            i += 1
            guard let key = plainString() else { return nil }
            skipSpace()
            guard i < n, bytes[i] == 0x3A else { return nil }
            i += 1
            skipSpace()
            guard i < n else { return nil }
            switch bytes[i] {
            case 0x22:
                i += 1
                guard let s = plainString() else { return nil }
                fields[key] = .string(s)
            case 0x74 where matches("true", at: i, in: bytes): i += 4; fields[key] = .bool(true)
            case 0x66 where matches("false", at: i, in: bytes): i += 5; fields[key] = .bool(false)
            case 0x6E where matches("null", at: i, in: bytes): i += 4; fields[key] = .null
            case 0x2D, 0x30...0x39:
                let start = i
                while i < n, (bytes[i] >= 0x30 && bytes[i] <= 0x39) || bytes[i] == 0x2D || bytes[i] == 0x2B
                        || bytes[i] == 0x2E || bytes[i] == 0x65 || bytes[i] == 0x45 { i += 1 }
                guard let v = Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)) else { return nil }
                fields[key] = .number(v)
            default: return nil
            }
            skipSpace()
            guard i < n else { return nil }
            if bytes[i] == 0x2C { i += 1; continue }
            guard bytes[i] == 0x7D else { return nil }
            i += 1
            skipSpace()
            return i == n ? fields : nil
        }
    }

    private static func matches(_ word: StaticString, at i: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let w = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard i + w.count <= bytes.count else { return false }
        for k in 0..<w.count where bytes[i + k] != w[k] { return false }
        return true
    }
}
