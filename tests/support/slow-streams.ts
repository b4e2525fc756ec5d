/**
 * The loopback server sends a whole stream at once; a model streams over seconds. Re-timing its
 * server-sent events, one every 120 ms, lets the bot's draft updates show.
 */
export const slowStreams: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  if (!response.headers.get('content-type')?.includes('text/event-stream')) return response;
  const events = (await response.text()).split(/(?<=\n\n)/);
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      for (const event of events) {
        controller.enqueue(new TextEncoder().encode(event));
        await new Promise((resolve) => setTimeout(resolve, 120));
      }
      controller.close();
    },
  });
  return new Response(body, { status: response.status, headers: response.headers });
};
