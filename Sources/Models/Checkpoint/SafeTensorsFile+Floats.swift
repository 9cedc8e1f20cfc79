import Foundation

extension SafeTensorsFile {
    /// The values of tensor `name` as Float32, row-major, converting F16, BF16 and F64.
    ///
    /// F32 is one bulk copy out of the mapped file; F16 and BF16 are branch-free loops the compiler
    /// vectorises. F64 is rounded to nearest. Integer, boolean and 8-bit float dtypes are refused.
    ///
    /// - Throws: ``CheckpointError/tensorNotFound(path:tensor:)`` or ``CheckpointError/unsupportedDType(path:tensor:dtype:supported:)``.
    public func floats(_ name: String) throws(CheckpointError) -> [Float] {
        guard let info = info(name) else { throw .tensorNotFound(path: path, tensor: name) }
        guard info.dtype.isReadableAsFloat else {
            throw .unsupportedDType(
                path: path, tensor: name, dtype: info.dtype.rawValue, supported: DType.floatReadable.map(\.rawValue))
        }
        let count = info.elementCount
        return withTensorBytes(info) { source in
            [Float](unsafeUninitializedCapacity: count) { destination, initialized in
                Self.convert(source, dtype: info.dtype, into: destination)
                initialized = count
            }
        }
    }

    /// Converts `source` (little-endian elements of `dtype`) into `destination`, which holds exactly as many Floats.
    public static func convert(_ source: UnsafeRawBufferPointer, dtype: DType, into destination: UnsafeMutableBufferPointer<Float>) {
        let count = destination.count
        guard count > 0, let input = source.baseAddress, let output = destination.baseAddress else { return }
        precondition(source.count == count &* dtype.size, "convert: \(source.count) bytes for \(count) \(dtype.rawValue) values")
        // Raw pointers and wrapping index arithmetic keep the loops free of per-element checks, so they vectorise.
        switch dtype {
        case .f32:
            UnsafeMutableRawPointer(output).copyMemory(from: input, byteCount: count &* 4)
            #if _endian(big)
            for i in 0 ..< count { output[i] = Float(bitPattern: UInt32(littleEndian: output[i].bitPattern)) }
            #endif
        case .f16:
            for i in 0 ..< count {
                output[i] = halfToFloat(UInt16(littleEndian: input.loadUnaligned(fromByteOffset: i &* 2, as: UInt16.self)))
            }
        case .bf16:
            for i in 0 ..< count {
                let bits = UInt16(littleEndian: input.loadUnaligned(fromByteOffset: i &* 2, as: UInt16.self))
                output[i] = Float(bitPattern: UInt32(bits) &<< 16)
            }
        case .f64:
            for i in 0 ..< count {
                let bits = UInt64(littleEndian: input.loadUnaligned(fromByteOffset: i &* 8, as: UInt64.self))
                output[i] = Float(Double(bitPattern: bits))
            }
        default:
            preconditionFailure("convert called with \(dtype.rawValue); floats(_:) checks isReadableAsFloat first")
        }
    }

    /// IEEE binary16 bits → Float32, exact for every input (subnormals, ±0, ±inf, NaN payloads), without branches.
    @inline(__always)
    public static func halfToFloat(_ half: UInt16) -> Float {
        let sign = UInt32(half & 0x8000) << 16
        let magnitude = UInt32(half & 0x7fff)
        let exponent = magnitude & 0x7c00
        // Normal numbers: move exponent and mantissa into place and rebias 15 → 127.
        var bits = (magnitude &<< 13) &+ ((127 - 15) << 23)
        // Inf and NaN: push the exponent the rest of the way to 255.
        bits = exponent == 0x7c00 ? bits &+ ((128 - 16) << 23) : bits
        // Zero and subnormals: mantissa × 2⁻²⁴, exact in Float32.
        let subnormal = Float(Int32(bitPattern: magnitude)) * 0x1p-24
        let unsigned = exponent == 0 ? subnormal.bitPattern : bits
        return Float(bitPattern: unsigned | sign)
    }
}
