/// A code unit of the text buffers the tokenizers search: a UTF-8 byte (``UnigramTokenizer``) or a whole
/// Unicode scalar value (``BertTokenizer``), so one ``AddedTokenMatcher`` serves both.
///
/// Buffers hold valid text (from a Swift `String`, or checked UTF-8), so decoding does not validate.
protocol TextCodeUnit: FixedWidthInteger, UnsignedInteger, Sendable {
    /// The code units of `string`.
    static func units(of string: String) -> [Self]

    /// The scalar starting at unit `i` of `text`, and its length in units.
    static func scalar(in text: UnsafeBufferPointer<Self>, at i: Int) -> (value: UInt32, length: Int)

    /// The index of the first unit of the scalar that ends just before `end` in `text`.
    static func scalarStart(in text: UnsafeBufferPointer<Self>, before end: Int) -> Int
}
