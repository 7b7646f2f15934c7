package io.github.tinodej.validate;

/**
 * Delivers text messages for the {@code tel} validator (Tinode uses Twilio when configured).
 * Implement it for your SMS provider and pass it to {@link TelValidator}; {@link LoggingSmsSender}
 * is the stock stand-in.
 *
 * <p>Called on the server's worker pool, possibly concurrently; may block. An exception is logged
 * (without the text) and the message is lost, as in Tinode.
 */
public interface SmsSender {

    /**
     * Sends one message.
     *
     * @param from the configured {@code sender} name
     * @param to the number in E.164 form
     * @param text the rendered message, which contains the code
     */
    void send(String from, String to, String text) throws Exception;
}
