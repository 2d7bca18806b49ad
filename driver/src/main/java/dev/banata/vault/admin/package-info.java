/**
 * The admin command's command line ({@code vault-admin}): {@link dev.banata.vault.admin.AdminCommand}
 * (the entry point), {@code RootCommand} (what picocli parses: the global options and the subcommands)
 * and one class per subcommand ({@code install}, {@code status}, {@code rotate},
 * {@code encrypt-existing}, {@code decrypt-existing}, {@code verify}, {@code retire}), the shared
 * options ({@code --url}, {@code --config}, job options), what one run gets from its surroundings
 * ({@link dev.banata.vault.admin.Invocation}: environment, streams, terminal), the resolved
 * {@code Session}, and the exit codes ({@link dev.banata.vault.admin.ExitCode}, a contract scripts
 * rely on). The work itself is done by {@code rewrite} (the online rewrite engine), {@code secrets}
 * ({@code VaultSchema}, secret rotation) and {@code keys}; a failure of the engine
 * ({@code RewriteFailure}) becomes an exit code here and nowhere else.
 *
 * <p>May use: {@code internal.rewrite}, {@code internal.secrets}, {@code internal.keys},
 * {@code internal.crypto}, {@code internal.database}, {@code config}, {@code internal.config} (an
 * application's archive for {@code --app}, loaded through {@code VaultConfigLoaderAccess}), the
 * {@code keys} SPI (the built-in sources), {@code dev.banata.vault} for one type ({@code VerifyCommand}
 * catches the {@code VaultException} of a secret that does not decrypt), picocli. Never the JDBC
 * wrappers: the command reads and writes ciphertext as stored, through plain pgjdbc connections.
 * Nothing but the entry points ({@code AdminCommand}, {@code Invocation}, {@code ExitCode}, and
 * {@code DatabaseOptions} for the names of the variables it reads) is public.
 */
package dev.banata.vault.admin;
