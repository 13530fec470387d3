namespace KerasNet.Plotting;

/// <summary>What each box of a model diagram shows, and which way the diagram flows.</summary>
internal sealed record ModelDiagramOptions(bool ShowShapes, bool ShowDtype, bool ShowLayerNames, bool LeftToRight,
                                           bool ShowLayerActivations, bool ShowTrainable);
