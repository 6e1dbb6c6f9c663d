// Every test here runs against the one real Dokku of this machine, never in parallel with each other, after the
// rest of ./build.sh test (this trait keeps them out of that run). CI runs the ones with the trait Lane=ci
// (GRADUATE_REAL_DOKKU=ci, the default); GRADUATE_REAL_DOKKU=1 runs all, 0 none; build.sh counts what it left out.
[assembly: AssemblyTrait("Category", "RealDokku")]
[assembly: CollectionBehavior(DisableTestParallelization = true)]
