import CZstd
import Foundation

/// zstd one-shot frames: the unit of the append-only logs (the only file that calls libzstd).
public enum Zstd {
    /// `data` as one complete frame with its content size and a content checksum.
    public static func compressFrame(_ data: Data, level: Int32 = 3) throws(RunError) -> Data {
        guard let cctx = ZSTD_createCCtx() else { throw .compression("cannot allocate a zstd context") }
        defer { ZSTD_freeCCtx(cctx) }
        ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, level)
        ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1)
        var out = Data(count: ZSTD_compressBound(data.count))
        let written = out.withUnsafeMutableBytes { dst in
            data.withUnsafeBytes { src in ZSTD_compress2(cctx, dst.baseAddress, dst.count, src.baseAddress, src.count) }
        }
        if ZSTD_isError(written) != 0 { throw .compression(String(cString: ZSTD_getErrorName(written))) }
        out.count = written
        return out
    }

    /// The size of the complete frame at the start of `bytes`, or nil when it is cut short or not a frame.
    public static func frameSize(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard !bytes.isEmpty else { return nil }
        let n = ZSTD_findFrameCompressedSize(bytes.baseAddress, bytes.count)
        return ZSTD_isError(n) != 0 ? nil : n
    }

    /// The content of one complete frame (its checksum verified), or nil when it does not decode.
    ///
    /// The frame's declared content size is not trusted for the allocation: a few bytes can claim 4 GB,
    /// so the output grows with what the frame really decodes to, and must end up exactly that size.
    public static func decompressFrame(_ frame: UnsafeRawBufferPointer) -> Data? {
        let size = ZSTD_getFrameContentSize(frame.baseAddress, frame.count)
        guard size != ZSTD_CONTENTSIZE_ERROR, size != ZSTD_CONTENTSIZE_UNKNOWN, size < 1 << 32 else { return nil }
        if size <= 1 << 20 {                       // the usual small frame: one call into a buffer of its declared size
            var out = Data(count: Int(size))
            let n = out.withUnsafeMutableBytes { dst in ZSTD_decompress(dst.baseAddress, dst.count, frame.baseAddress, frame.count) }
            return ZSTD_isError(n) != 0 || n != Int(size) ? nil : out
        }
        let decoded = stream(frame, limit: Int(size))
        return decoded.frameEnded && decoded.data.count == Int(size) ? decoded.data : nil
    }

    /// What a streaming decoder recovers from a frame that was cut short (up to where the bytes end).
    static func salvage(_ partial: UnsafeRawBufferPointer) -> Data {
        stream(partial, limit: Int.max).data
    }

    /// `bytes` through a streaming decoder, 64 KiB of output at a time: what came out before an error, the end
    /// of the frame (`frameEnded`, its checksum verified), the end of the input, or more than `limit` bytes.
    private static func stream(_ bytes: UnsafeRawBufferPointer, limit: Int) -> (data: Data, frameEnded: Bool) {
        guard let dctx = ZSTD_createDCtx() else { return (Data(), false) }
        defer { ZSTD_freeDCtx(dctx) }
        var result = Data()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var input = ZSTD_inBuffer(src: bytes.baseAddress, size: bytes.count, pos: 0)
        while true {
            let consumed = input.pos
            var status = 0
            let produced: Int = chunk.withUnsafeMutableBytes { buf in
                var output = ZSTD_outBuffer(dst: buf.baseAddress, size: buf.count, pos: 0)
                status = ZSTD_decompressStream(dctx, &output, &input)
                return output.pos
            }
            if ZSTD_isError(status) != 0 { return (result, false) }
            result.append(contentsOf: chunk[0..<produced])
            if result.count > limit { return (result, false) }
            if status == 0 { return (result, true) }
            // out of input with the output not full: the frame wants bytes that are not there
            if input.pos == input.size && produced < chunk.count { return (result, false) }
            if produced == 0 && input.pos == consumed { return (result, false) }   // no progress
        }
    }
}
