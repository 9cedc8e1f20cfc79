/// A `tokenizer.json` `padding` section, as both tokenizers read it: the pad id.
struct PaddingJSON: Decodable {
    var padId: Int32?
    var padTypeId: Int32?

    private enum CodingKeys: String, CodingKey {
        case padId = "pad_id"
        case padTypeId = "pad_type_id"
    }
}
