package dev.dit.cli;

import dev.dit.influence.DitVersion;
import picocli.CommandLine;

/** {@code --version} on every command: the build's version, the JVM, and the kernels in use. */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {
            "dit " + DitVersion.current(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
        };
    }
}
