/// Unicode scalar values, one per unit, as the WordPiece pipeline holds its text.
extension UInt32: TextCodeUnit {
    static func units(of string: String) -> [UInt32] { string.unicodeScalars.map(\.value) }

    @inline(__always)
    static func scalar(in text: UnsafeBufferPointer<UInt32>, at i: Int) -> (value: UInt32, length: Int) { (text[i], 1) }

    @inline(__always)
    static func scalarStart(in text: UnsafeBufferPointer<UInt32>, before end: Int) -> Int { end - 1 }
}
