import Foundation

/// Writes a float32 matrix as a NumPy `.npy` file (format 1.0, little-endian, C order).
enum NPYWriter {
    static func data(rows: Int, cols: Int, values: UnsafeBufferPointer<Float>) -> Data {
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(rows), \(cols)), }"
        // magic (6) + version (2) + length (2) + header + "\n" is padded to a multiple of 64
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let length = UInt16(header.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        data.append(contentsOf: Array(header.utf8))
        data.append(Data(buffer: values)) // x86-64 and arm64 are little-endian, as '<f4' says
        return data
    }
}
