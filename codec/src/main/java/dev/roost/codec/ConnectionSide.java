package dev.roost.codec;

/** Which end of an MQTT connection a pipeline serves. It decides which packets may legally arrive. */
public enum ConnectionSide {
    /** The broker's end: reads what clients send (CONNECT, SUBSCRIBE, PINGREQ, ...). */
    SERVER,
    /** A client's end: reads what servers send (CONNACK, SUBACK, PINGRESP, ...). */
    CLIENT
}
