import Models
import CZlib
import Foundation

/// Raw-deflate decoding and CRC-32 through the system zlib (the only file that calls it).
enum Zlib {
    /// Inflates a raw deflate stream (zip method 8) that must decode to exactly `size` bytes; nil when it does not.
    static func inflateRaw(_ compressed: Data, size: Int) -> Data? {
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        var output = Data(count: size)
        var status = Z_OK
        let chunk = Int(UInt32.max / 2)
        compressed.withUnsafeBytes { (input: UnsafeRawBufferPointer) in
            output.withUnsafeMutableBytes { (out: UnsafeMutableRawBufferPointer) in
                let inBase = input.bindMemory(to: Bytef.self).baseAddress
                let outBase = out.bindMemory(to: Bytef.self).baseAddress
                var consumed = 0, produced = 0
                repeat {
                    let inCount = min(chunk, input.count - consumed), outCount = min(chunk, size - produced)
                    stream.next_in = inBase.map { UnsafeMutablePointer(mutating: $0 + consumed) }
                    stream.avail_in = uInt(inCount)
                    stream.next_out = outBase.map { $0 + produced }
                    stream.avail_out = uInt(outCount)
                    status = inflate(&stream, Z_NO_FLUSH)
                    consumed += inCount - Int(stream.avail_in)
                    produced += outCount - Int(stream.avail_out)
                    if status == Z_BUF_ERROR, inCount == 0 || outCount == 0 { break }
                } while status == Z_OK
            }
        }
        return status == Z_STREAM_END && Int(stream.total_out) == size ? output : nil
    }

    /// The CRC-32 (zip's checksum) of `data`.
    static func crc32(_ data: Data) -> UInt32 {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> UInt32 in
            var crc: uLong = CZlib.crc32(0, nil, 0)
            var start = 0
            let bytes = raw.bindMemory(to: Bytef.self)
            while start < bytes.count {
                let n = min(1 << 30, bytes.count - start)
                crc = CZlib.crc32(crc, bytes.baseAddress! + start, uInt(n))
                start += n
            }
            return UInt32(truncatingIfNeeded: crc)
        }
    }
}
