// The lab tests measure time and throughput on a 2-core machine: two of them at once would measure each other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
