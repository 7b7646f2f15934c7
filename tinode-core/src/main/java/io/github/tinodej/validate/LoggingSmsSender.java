package io.github.tinodej.validate;

/**
 * The stock {@link SmsSender}: sends nothing and logs each message at INFO, code included, as
 * Tinode does without Twilio. For development and tests only: anyone who can read the log can
 * validate any number. It logs the number, the sender name and the message text, and nothing else
 * (no tokens, no passwords).
 */
public final class LoggingSmsSender implements SmsSender {
    private static final System.Logger LOG = System.getLogger(LoggingSmsSender.class.getName());

    @Override
    public void send(String from, String to, String text) {
        LOG.log(System.Logger.Level.INFO, "SMS from {0} to {1}: {2}", from, to, text);
    }
}
