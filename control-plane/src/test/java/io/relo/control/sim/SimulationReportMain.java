package io.relo.control.sim;

/**
 * Prints the reproducible part of a small simulation's report, for {@link SimulationTest} to compare across JVMs.
 */
final class SimulationReportMain
{
    private SimulationReportMain()
    {
    }

    /**
     * @param args peers and seed.
     */
    public static void main(final String[] args)
    {
        final Simulation.Options options = SimulationTest.options(Integer.parseInt(args[0]), Long.parseLong(args[1]));
        System.out.println(Simulation.run(options, Simulation.SILENT).withoutWallClock());
    }
}
