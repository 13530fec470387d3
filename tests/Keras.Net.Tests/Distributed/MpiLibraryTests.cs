using KerasNet.TorchSupport.Mpi;

namespace KerasNet.Tests.Distributed;

public class MpiLibraryTests
{
    [Fact]
    public void ALibraryPathThatDoesNotLoadIsATypedErrorNamingTheVariable()
    {
        var e = Assert.Throws<MpiLibraryNotFoundException>(() => MpiLibrary.Open("/nonexistent/libmpi.so.40"));
        Assert.Contains("KERASNET_MPI_LIBRARY names '/nonexistent/libmpi.so.40', which could not be loaded", e.Message);
        Assert.Contains("unset it to search the usual names", e.Message);
    }

    [Fact]
    public void OpenMpiIsFoundByItsUsualNameAndItsHandlesAreItsExportedObjects()
    {
        var library = MpiLibrary.Open(null);
        Assert.NotEqual(0, library);
        var abi = MpiAbi.For(library);
        Assert.Equal("Open MPI", abi.Name);
        Assert.Equal(System.Runtime.InteropServices.NativeLibrary.GetExport(library, "ompi_mpi_comm_world"), abi.CommWorld);
        Assert.Equal(1, abi.InPlace);
        Assert.NotEqual(abi.Sum, abi.Max);
    }
}
