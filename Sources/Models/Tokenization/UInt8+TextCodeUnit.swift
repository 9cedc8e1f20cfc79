/// UTF-8 bytes, as the byte-level Unigram pipeline holds its text.
extension UInt8: TextCodeUnit {
    static func units(of string: String) -> [UInt8] { Array(string.utf8) }

    @inline(__always)
    static func scalar(in text: UnsafeBufferPointer<UInt8>, at i: Int) -> (value: UInt32, length: Int) {
        UTF8Text.decode(text, at: i)
    }

    @inline(__always)
    static func scalarStart(in text: UnsafeBufferPointer<UInt8>, before end: Int) -> Int {
        UTF8Text.previousScalarStart(text, before: end)
    }
}
