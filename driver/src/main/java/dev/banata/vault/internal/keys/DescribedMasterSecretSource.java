package dev.banata.vault.internal.keys;

import dev.banata.vault.keys.MasterSecretSource;

/**
 * A master secret source whose {@code toString} says where it reads ({@code MasterSecretSource[...]}),
 * never the value: the built-in ones, and our own sources given to {@code MasterSecretSources.register}
 * (the Spring Boot starter's), which {@code MasterSecretSources.select} hands out as they are instead of
 * wrapping them in a description of its own. An application's source is always wrapped: its
 * {@code toString} is not ours to trust.
 */
public interface DescribedMasterSecretSource extends MasterSecretSource {}
