using System.Globalization;
using KerasNet.Distributed;
using KerasNet.DistributedProbe;
using KerasNet.TorchSupport.Mpi;

// Usage: under mpirun (DataParallel) when launched so, else the single-process reference where a mode has one.
//   train OUT_DIR            64 samples, up to 3 epochs, 8 per process and step; rank 1 alone asks to stop after epoch 2.
//                            Writes weights-<rank>.bin (float32), history-<rank>.txt; a CSVLogger on log-<rank>.csv.
//                            Single process: the same 16-sample global batches for 2 epochs.
//   eval OUT_DIR             Fit with validation, then Evaluate on in-memory tensors and on an opaque source:
//                            results-<rank>.txt, "key value" lines, with the same evaluations by this process alone.
//   syncbn OUT_DIR true|false|nobackward   BatchNormalization(synchronized) on a global batch split over the ranks (SyncBatchNorm.cs).
//   accumulate OUT_DIR       SGD with gradientAccumulationSteps: 2; counts the gradient reductions (Accumulate.cs).
//   die TIMEOUT_S | hang TIMEOUT_S   rank 1 kills itself / stops responding at its third step; rank 0 reports (exit 3).
//   backup OUT_DIR BACKUP_DIR [KILL_EPOCH]   4 epochs with BackupAndRestore; rank 1 may kill itself at the end of KILL_EPOCH.
//   allreduce FLOATS N       median milliseconds of N bucketed gradient averages of FLOATS float32 values.
//   --overlap (anywhere)     DataParallel(overlap: true): gradient buckets all-reduced during backward.
var overlap = args.Contains("--overlap");
args = args.Where(a => a != "--overlap").ToArray();
var mode = args.Length > 0 ? args[0] : "";
var distributed = DataParallel.IsLaunchedUnderMpi;
torch.set_num_threads(1);
DataParallel? dp = null;
try
{
    if (distributed)
    {
        var timeout = mode is "die" or "hang" ? double.Parse(args[1], CultureInfo.InvariantCulture) : 120;
        dp = new DataParallel(timeout: TimeSpan.FromSeconds(timeout), bucketCapMb: mode == "train" ? 0.0002 : 25, overlap: overlap); // ~200-byte buckets: several per step
        TrainingDistribution.Set(dp);
    }
    var rank = dp?.Rank ?? 0;
    return mode switch
    {
        "train" => Probes.Train(args[1], rank, distributed),
        "eval" => EvaluationProbe.Run(args[1], rank, distributed),
        "syncbn" => SyncBatchNorm.Run(args[1], args[2], rank, dp?.WorldSize ?? 1),
        "accumulate" => Accumulate.Run(args[1], rank, dp),
        "die" => Probes.Die(rank, hang: false),
        "hang" => Probes.Die(rank, hang: true),
        "backup" => Probes.TrainWithBackup(args[1], args[2], args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : -1, rank),
        "allreduce" => Probes.AllReduceTiming(dp!, long.Parse(args[1], CultureInfo.InvariantCulture), int.Parse(args[2], CultureInfo.InvariantCulture)),
        _ => Usage(),
    };
}
catch (MpiException e)
{
    Console.WriteLine($"caught {e.GetType().Name}: {e.Message}");
    Console.Out.Flush();
    // The communicator is broken: leave without MPI_Finalize, with a code the launcher reports.
    Environment.Exit(3);
    return 3;
}
catch (KerasNet.Saving.ModelArchiveException e)
{
    Console.WriteLine($"caught {e.GetType().Name}: {e.Message}");
    return 4;
}
finally
{
    TrainingDistribution.Clear();
}

static int Usage()
{
    Console.Error.WriteLine("usage: Keras.Net.DistributedProbe train|eval|accumulate OUT_DIR | syncbn OUT_DIR true|false | die|hang TIMEOUT_S | " +
                            "backup OUT_DIR BACKUP_DIR [KILL_EPOCH] | allreduce FLOATS N");
    return 2;
}
