extension RandomAccessCollection {
    /// The first index whose element does not satisfy `isBefore`, for a collection already
    /// partitioned by it (all satisfying elements first): a binary search.
    func partitionPoint(_ isBefore: (Element) -> Bool) -> Index {
        var low = startIndex, count = self.count
        while count > 0 {
            let half = count / 2
            let middle = index(low, offsetBy: half)
            if isBefore(self[middle]) {
                low = index(after: middle)
                count -= half + 1
            } else {
                count = half
            }
        }
        return low
    }
}
